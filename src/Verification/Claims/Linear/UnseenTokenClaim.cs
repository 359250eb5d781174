using MathNet.Numerics.Statistics;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C15: a token that never occurs lies in the null space of A (its column is zero), so
/// under gradient descent its embedding never moves (THEORY 3.1: the flow acts on the row
/// space of A only). On the default task the numbers 0..19 and 60..99 never occur as input.
/// The premise is that training happened: the tokens that do occur moved by more than
/// their initial norm.
/// </summary>
internal static class UnseenTokenClaim
{
    /// <summary>Relative change a token that occurs must exceed (median over those tokens) for the run to count as trained.</summary>
    public const double PremiseMovement = 1.0;

    /// <summary>Measures the claim over its seeds (the C2 runs).</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, claim.Seeds);
        var mass = s.Prediction.Signatures.TokenMass;
        var unseen = Enumerable.Range(0, mass.Length).Where(t => mass[t] == 0).ToArray();
        var seen = Enumerable.Range(0, mass.Length).Where(t => mass[t] > 0).ToArray();

        var perSeed = runs.Select(r => unseen.Max(t => RelativeChange(r, t))).ToArray();
        var seenMedian = runs.Select(r => seen.Select(t => RelativeChange(r, t)).Median()).ToArray();
        double movedLeast = seenMedian.Min();
        var details = new Dictionary<string, double>
        {
            ["unseen tokens"] = unseen.Length,
            ["seen tokens"] = seen.Length,
            ["seen tokens: median relative change, mean over seeds"] = Mean(seenMedian),
            ["seen tokens: median relative change, min over seeds"] = movedLeast,
            ["unseen tokens: largest absolute change over seeds"] = runs.Max(r => unseen.Max(t => AbsoluteChange(r, t))),
        };
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Premise = new Premise(FormattableString.Invariant($"the tokens that occur moved: median relative change at least {PremiseMovement:G3} in every seed"),
                movedLeast >= PremiseMovement, FormattableString.Invariant($"{movedLeast:G4}")),
            Details = details,
            Finding = FormattableString.Invariant(
                $"the {unseen.Length} unseen tokens moved by at most {perSeed.Max():G3} of their initial norm; the {seen.Length} seen tokens by a median {Mean(seenMedian):G4} times theirs."),
        };
    }

    /// <summary>||e_t(T) - e_t(0)|| / ||e_t(0)|| for token t (a row of the embedding).</summary>
    private static double RelativeChange(TrainedModel run, int token) => AbsoluteChange(run, token) / Norm(run.InitialEmbedding, token, null);

    private static double AbsoluteChange(TrainedModel run, int token) => Norm(run.Embedding, token, run.InitialEmbedding);

    private static double Norm(double[,] m, int row, double[,]? minus)
    {
        double sum = 0;
        for (int j = 0; j < m.GetLength(1); j++)
        {
            double v = m[row, j] - (minus?[row, j] ?? 0);
            sum += v * v;
        }
        return Math.Sqrt(sum);
    }
}
