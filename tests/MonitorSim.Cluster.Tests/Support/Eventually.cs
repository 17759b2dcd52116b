namespace MonitorSim.Cluster.Tests.Support;

/// <summary>Retries an assertion until it holds or the time is up (the tree converges asynchronously).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
            }
        }
    }
}
