namespace ProbSig.Verification.Claims.Flow;

/// <summary>
/// One seed of the truncated-flow comparison: an embedding MLP trained by full-batch gradient
/// descent from a small initial draw, and the two small-init predictions (leading order,
/// leading order plus the c2 joint-signature term) iterated from that same draw with the same
/// step, compared with the trained weights at each snapshot.
/// </summary>
/// <param name="Seed">Seed of the initial draw.</param>
/// <param name="Activation">The activation trained.</param>
/// <param name="Times">Flow times t = k eta of the snapshots.</param>
/// <param name="LeadingError">||W_E,lead - W_E,obs||_F / ||W_E,obs||_F over the compared tokens, per time.</param>
/// <param name="TruncatedError">The same for the truncated (c2) prediction.</param>
/// <param name="LeadingPearson">Pearson(observed, leading-order embedding cosine) over the compared tokens, per time.</param>
/// <param name="TruncatedPearson">The same for the truncated prediction.</param>
/// <param name="Observed">Observed embedding cosine over the compared tokens at the headline time.</param>
/// <param name="Truncated">Truncated-flow embedding cosine at the headline time.</param>
/// <param name="FinalLoss">Training loss at the last snapshot.</param>
/// <param name="FlowLeadingError">At the headline time, the leading order as a continuous flow (closed form exp(c1 t B)) instead of the gradient descent map.</param>
/// <param name="FlowTruncatedError">At the headline time, the truncated flow integrated with RK4 instead of the gradient descent map.</param>
public sealed record TruncatedFlowRun(
    int Seed,
    Activation Activation,
    IReadOnlyList<double> Times,
    IReadOnlyList<double> LeadingError,
    IReadOnlyList<double> TruncatedError,
    IReadOnlyList<double> LeadingPearson,
    IReadOnlyList<double> TruncatedPearson,
    Matrix<double> Observed,
    Matrix<double> Truncated,
    double FinalLoss,
    double FlowLeadingError,
    double FlowTruncatedError)
{
    /// <summary>RK4 step (flow time) for the continuous comparison: c1 sigma_1 h ~ 0.2 on the default
    /// task, whose RK4 error (~1e-5 relative over t*) is far below the errors compared (~0.2).</summary>
    public const double FlowStep = 4.0;

    /// <summary>
    /// Trains the embedding MLP of <paramref name="spec"/> on <paramref name="population"/> with
    /// full-batch gradient descent at <paramref name="learningRate"/>, snapshotting at
    /// <paramref name="steps"/>, and compares both predictions with it over <paramref name="tokens"/>;
    /// the cosine matrices kept are those of snapshot <paramref name="headline"/> (an index into steps).
    /// </summary>
    public static TruncatedFlowRun Measure(Population population, SignatureSet signatures, ModelSpec spec, double learningRate,
        IReadOnlyList<int> steps, int headline, IReadOnlyList<int> tokens, int seed, string device)
    {
        var training = new TrainingConfig
        {
            Optimiser = Optimiser.GradientDescent, LearningRate = learningRate, Steps = steps[^1],
            LogEvery = steps[^1], SnapshotSteps = steps,
        };
        var features = FeatureMap.Counts(population.VocabularySize);
        var trained = TrainedModel.Train(population, features, spec, training, seed, device);

        var truncatedFlow = new TruncatedMlpFlow(signatures.A, signatures.T, spec.Activation);
        var we0 = ToMatrix(trained.InitialEmbedding).Transpose();   // rows are W_E^T: d x V
        var wu0 = ToMatrix(trained.InitialUnembedding);             // C x d
        // The gradient descent map with the truncated rates, not the flow: the run is gradient
        // descent with the same step, so only the truncation separates prediction from training.
        var truncated = truncatedFlow.Iterate(we0, wu0, steps, learningRate);
        var leading = truncatedFlow.LeadingOrder().Iterate(we0, wu0, steps, learningRate);

        var pearson = new PearsonMetric();
        var leadErr = new List<double>(); var truncErr = new List<double>();
        var leadR = new List<double>(); var truncR = new List<double>();
        Matrix<double>? observedCos = null, truncatedCos = null;
        for (int i = 0; i < steps.Count; i++)
        {
            var snapshot = trained.Result.Snapshots.Single(s => s.Step == steps[i]);
            var observed = ToMatrix(snapshot.Embedding).Transpose();   // d x V
            var obs = Columns(observed, tokens);
            leadErr.Add((Columns(leading[i].Embedding, tokens) - obs).FrobeniusNorm() / obs.FrobeniusNorm());
            truncErr.Add((Columns(truncated[i].Embedding, tokens) - obs).FrobeniusNorm() / obs.FrobeniusNorm());
            var oc = EmbeddingGeometry.Cosine(snapshot.Embedding, tokens);
            var tc = truncated[i].EmbeddingCosine(tokens);
            leadR.Add(pearson.Measure(oc, leading[i].EmbeddingCosine(tokens)));
            truncR.Add(pearson.Measure(oc, tc));
            if (i == headline) { observedCos = oc; truncatedCos = tc; }
        }
        // The same comparison with the continuous flows at t = k eta: how much of the gap is the
        // discretisation of gradient descent rather than the truncation.
        double tHead = steps[headline] * learningRate;
        var observedHead = Columns(ToMatrix(trained.Result.Snapshots.Single(s => s.Step == steps[headline]).Embedding).Transpose(), tokens);
        var leadingFlow = new LinearFlow(signatures.A).Propagate(spec.Activation.C1 * tHead, we0, wu0);   // [W_E^T; W_U]
        var leadingFlowE = leadingFlow.SubMatrix(0, we0.ColumnCount, 0, we0.RowCount).Transpose();
        var truncatedFlowE = truncatedFlow.Integrate(we0, wu0, [tHead], FlowStep)[0].Embedding;
        double flowLead = (Columns(leadingFlowE, tokens) - observedHead).FrobeniusNorm() / observedHead.FrobeniusNorm();
        double flowTrunc = (Columns(truncatedFlowE, tokens) - observedHead).FrobeniusNorm() / observedHead.FrobeniusNorm();
        return new TruncatedFlowRun(seed, spec.Activation, steps.Select(k => k * learningRate).ToArray(),
            leadErr, truncErr, leadR, truncR, observedCos!, truncatedCos!, trained.Result.FinalLoss, flowLead, flowTrunc);
    }

    private static Matrix<double> ToMatrix(double[,] x) => Matrix<double>.Build.DenseOfArray(x);

    private static Matrix<double> Columns(Matrix<double> m, IReadOnlyList<int> cols) =>
        Matrix<double>.Build.Dense(m.RowCount, cols.Count, (r, j) => m[r, cols[j]]);
}
