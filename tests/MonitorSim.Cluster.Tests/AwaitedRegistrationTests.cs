using System.Diagnostics;
using MonitorSim.Cluster.Actors;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// A registration awaits its answer for a while and no longer: the refusals that answer messages sent before it must not
/// start another, and one lost on the way must not block the next for ever.
/// </summary>
public sealed class AwaitedRegistrationTests
{
    [Fact]
    public void Before_any_registration_nothing_is_awaited()
    {
        var registration = new AwaitedRegistration(TimeSpan.FromSeconds(2));
        Assert.False(registration.IsAwaited);
        Assert.False(registration.IsPending);
    }

    [Fact]
    public void A_registration_just_sent_is_pending_until_it_is_answered()
    {
        var registration = new AwaitedRegistration(TimeSpan.FromMinutes(1));
        registration.Sent(Stopwatch.GetTimestamp());
        Assert.True(registration.IsAwaited);
        Assert.True(registration.IsPending);

        registration.Answered();
        Assert.False(registration.IsAwaited);
        Assert.False(registration.IsPending);
    }

    [Fact]
    public void A_registration_unanswered_past_its_timeout_is_still_awaited_but_no_longer_holds_back_another()
    {
        var registration = new AwaitedRegistration(TimeSpan.FromSeconds(2));
        registration.Sent(Stopwatch.GetTimestamp() - 3 * Stopwatch.Frequency); // sent 3 s ago

        Assert.True(registration.IsAwaited);
        Assert.False(registration.IsPending);
    }
}
