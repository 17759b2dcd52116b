namespace MonitorSim.Sizing.Design;

/// <summary>A re-registration storm: which cameras re-register, and within how long.</summary>
/// <param name="Where">What re-registers, in words ("platform xz/gulou/p01", "the whole city").</param>
/// <param name="Cameras">How many cameras re-register.</param>
/// <param name="JitterS">The scenario's <c>reregister_jitter</c> in seconds: each camera re-registers at a uniform random
/// time within it.</param>
/// <param name="RegistrationOperation">The scenario's name for a registration.</param>
public sealed record StormSpec(string Where, int Cameras, double JitterS, string RegistrationOperation)
{
    /// <summary>Whether the storm is of the largest platform (the default) or of the whole city (<c>--storm city</c>).</summary>
    public const string PlatformScope = "platform";

    public const string CityScope = "city";

    /// <summary>Registrations a second: cameras / jitter (every camera once, spread uniformly over the jitter).</summary>
    public double RegistrationsPerS => JitterS > 0 ? Cameras / JitterS : double.PositiveInfinity;
}
