namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// The distance-profile fingerprint (THEORY 4) as a similarity metric over ordered tokens,
/// so that <see cref="PermutationNull"/> can test it: shuffling the predicted matrix's
/// token identities scrambles which pair sits at which value distance, the null of "the
/// observed bumps have nothing to do with the signature's".
/// </summary>
/// <param name="values">Value of each row's token (the keys).</param>
/// <param name="maxDelta">Largest value distance in the profiles.</param>
internal sealed class FingerprintMetric(IReadOnlyList<int> values, int maxDelta) : ISimilarityMetric
{
    /// <inheritdoc/>
    public string Name => $"fingerprint@{maxDelta}";

    /// <inheritdoc/>
    public double Measure(Matrix<double> observed, Matrix<double> predicted) =>
        DistanceProfile.Fingerprint(DistanceProfile.Compute(observed, values, maxDelta), DistanceProfile.Compute(predicted, values, maxDelta));
}
