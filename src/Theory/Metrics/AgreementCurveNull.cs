namespace ProbSig.Theory.Metrics;

/// <summary>
/// The agreement curve (mean observed similarity per bin of predicted similarity) with, per
/// bin, the mean and standard deviation of the same curve under token permutations.
/// <para>"Do strongly similar pairs agree best?" is read from it in two ways:
/// <see cref="TopLift"/> compares how far the top bin's mean observed similarity rises above
/// the overall mean with how far the other bins move on average, and
/// <see cref="WithinTopSpearman"/> against <see cref="WithinRestSpearman"/> asks whether the
/// order of pairs inside the top bin is predicted better than inside the other bins.</para>
/// </summary>
/// <param name="Curve">The observed curve (<see cref="AgreementCurve"/>'s binning).</param>
/// <param name="NullMean">Per bin, the mean of the bin's mean observed similarity under permutations.</param>
/// <param name="NullStd">Per bin, its standard deviation.</param>
/// <param name="TopBin">The top bin's mean observed similarity with its null (one-sided: higher is better).</param>
/// <param name="TopLift">(top bin mean - overall mean) / mean over the other bins of |bin mean - overall mean|;
/// above 1 when the top bin stands out more than a typical other bin.</param>
/// <param name="WithinTopSpearman">Spearman of observed against predicted over the pairs of the top bin alone.</param>
/// <param name="WithinRestSpearman">Mean of the same within-bin Spearman over the other bins.</param>
public sealed record AgreementCurveNull(AgreementCurve Curve, double[] NullMean, double[] NullStd, PermutationResult TopBin,
    double TopLift, double WithinTopSpearman, double WithinRestSpearman);
