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

        var observed = runs.Select(r => Spectrum.Of(EmbeddingGeometry.Gram(r.Model.Result.Snapshots.Single().Embedding))).ToArray();
        var perSeed = observed.Select(o => o.Alignment(v1)).ToArray();
        var expected = Spectrum.Of(flow.ExpectedEmbeddingGram(FlowTime.Steps(ClosedFormRun.StepNearestTStar, DefaultLinearSetting.FlowLearningRate), s.Init));
        var details = new Dictionary<string, double>
        {
            ["flow time of the snapshot"] = tStar,
            ["sigma_1"] = flow.Sigma1,
            ["sigma_2 / sigma_1"] = flow.Rank > 1 ? flow.SingularValues[1] / flow.Sigma1 : 0,
            ["closed form: |cos(top eigenvector of E[W_E^T W_E], v_1)|"] = expected.Alignment(v1),
            ["closed form: top eigenvalue share of E[W_E^T W_E]"] = expected.TopShare,
            ["observed: top eigenvalue share, mean over seeds"] = Mean(observed.Select(o => o.TopShare)),
            ["at initialisation: |cos(top eigenvector, v_1)|, mean over seeds"] = Mean(runs.Select(r => Spectrum.Of(EmbeddingGeometry.Gram(r.Model.InitialEmbedding)).Alignment(v1))),
        };
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Details = details,
            Finding = FormattableString.Invariant(
                $"|cos(top eigenvector, v_1)| at t = {tStar:G3}: {F(Mean(perSeed))} (closed form {F(details["closed form: |cos(top eigenvector of E[W_E^T W_E], v_1)|"])}; at initialisation {F(details["at initialisation: |cos(top eigenvector, v_1)|, mean over seeds"])})."),
        };
    }

    /// <summary>The top eigenvector of a symmetric Gram and its eigenvalue's share of the trace,
    /// from one eigendecomposition.</summary>
    private sealed record Spectrum(Vector<double> Top, double TopShare)
    {
        public static Spectrum Of(Matrix<double> gram)
        {
            var evd = gram.Evd(Symmetricity.Symmetric);
            var eigen = evd.EigenValues.Select(l => l.Real).ToArray();
            int top = Array.IndexOf(eigen, eigen.Max());
            return new Spectrum(evd.EigenVectors.Column(top), eigen[top] / eigen.Sum());
        }

        /// <summary>|cos| between the top eigenvector and <paramref name="direction"/>.</summary>
        public double Alignment(Vector<double> direction) =>
            Math.Abs(Top.DotProduct(direction)) / (Top.L2Norm() * direction.L2Norm());
    }
}
