namespace MonitorSim.Sip.Tests.Support;

/// <summary>Polls a condition until it holds (fails after a deadline): for effects that are counted, not signalled.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }
}
