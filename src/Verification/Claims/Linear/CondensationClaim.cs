namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C16: late in the linear regime the embeddings condense onto v_1, the leading right
/// singular vector of A (THEORY 3.1): W_E(t) grows as e^{sigma_k t} along each v_k, so by
/// t* the token Gram W_E^T W_E is dominated by its v_1 component. Measured on the C1 runs'
/// snapshot at the step nearest t*: the top eigenvector of the observed token Gram against
/// v_1, beside the same for the closed form's expected Gram (the theory's own figure).
/// </summary>
internal static class CondensationClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var flow = s.Prediction.Flow;
        var v1 = flow.CondensationDirection;
        var runs = SeedParallel.Run(claim.Seeds, seed => ClosedFormRun.Get(context, seed));
        double tStar = ClosedFormRun.StepNearestTStar * DefaultLinearSetting.FlowLearningRate;

        var perSeed = runs.Select(r => Alignment(Gram(r.Model.Result.Snapshots.Single().Embedding), v1)).ToArray();
        var expected = flow.ExpectedEmbeddingGram(FlowTime.Steps(ClosedFormRun.StepNearestTStar, DefaultLinearSetting.FlowLearningRate), s.Init);
        var details = new Dictionary<string, double>
        {
            ["flow time of the snapshot"] = tStar,
            ["sigma_1"] = flow.Sigma1,
            ["sigma_2 / sigma_1"] = flow.Rank > 1 ? flow.SingularValues[1] / flow.Sigma1 : 0,
            ["closed form: |cos(top eigenvector of E[W_E^T W_E], v_1)|"] = Alignment(expected, v1),
            ["closed form: top eigenvalue share of E[W_E^T W_E]"] = TopShare(expected),
            ["observed: top eigenvalue share, mean over seeds"] = Mean(runs.Select(r => TopShare(Gram(r.Model.Result.Snapshots.Single().Embedding)))),
            ["at initialisation: |cos(top eigenvector, v_1)|, mean over seeds"] = Mean(runs.Select(r => Alignment(Gram(r.Model.InitialEmbedding), v1))),
        };
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Details = details,
            Finding = FormattableString.Invariant(
                $"|cos(top eigenvector, v_1)| at t = {tStar:G3}: {F(Mean(perSeed))} (closed form {F(details["closed form: |cos(top eigenvector of E[W_E^T W_E], v_1)|"])}; at initialisation {F(details["at initialisation: |cos(top eigenvector, v_1)|, mean over seeds"])})."),
        };
    }

    /// <summary>The token Gram W_E^T W_E of an embedding stored one row per token.</summary>
    private static Matrix<double> Gram(double[,] embedding)
    {
        var e = Matrix<double>.Build.DenseOfArray(embedding);   // V x d
        return e * e.Transpose();
    }

    /// <summary>|cos| between the top eigenvector of a symmetric matrix and <paramref name="direction"/>.</summary>
    private static double Alignment(Matrix<double> gram, Vector<double> direction)
    {
        var evd = gram.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        int top = evd.EigenValues.Select(l => l.Real).Select((l, i) => (l, i)).MaxBy(p => p.l).i;
        var u = evd.EigenVectors.Column(top);
        return Math.Abs(u.DotProduct(direction)) / (u.L2Norm() * direction.L2Norm());
    }

    /// <summary>The top eigenvalue's share of the trace.</summary>
    private static double TopShare(Matrix<double> gram)
    {
        var eigen = gram.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(l => l.Real).ToArray();
        return eigen.Max() / eigen.Sum();
    }
}
