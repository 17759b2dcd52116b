namespace MonitorSim.Sizing.Usl;

/// <summary>A fitted <see cref="UslModel"/> with how well it is determined.</summary>
/// <param name="AlphaStandardError">Asymptotic standard error of α (from the Jacobian at the optimum).</param>
/// <param name="BetaStandardError">Standard error of β; null when β was set to 0 because it did not improve the fit
/// significantly (<see cref="BetaSignificant"/>).</param>
/// <param name="GammaStandardError">Standard error of γ.</param>
/// <param name="RSquared">1 − RSS/TSS of the fitted curve against the measured throughputs.</param>
/// <param name="ResidualSumOfSquares">Σ (measured − fitted)², in the squared unit of throughput.</param>
/// <param name="Points">How many measurements were fitted.</param>
/// <param name="BetaSignificant">False when the model without coherency (β = 0) fits as well, by an F-test at 5 %.</param>
public sealed record UslFit(
    UslModel Model,
    double AlphaStandardError,
    double? BetaStandardError,
    double GammaStandardError,
    double RSquared,
    double ResidualSumOfSquares,
    int Points,
    bool BetaSignificant);
