using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Training;
using ProbSig.Tests.Properties.Theory.Populations;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;

namespace ProbSig.Tests.Properties.Verification.Claims;

/// <summary>
/// Issue 4, item 7: tokens with identical label signatures get identical predicted and
/// nearly identical observed embeddings. A twin of an occurring token i is made by splitting
/// every sample that holds i into two halves, one with i replaced by a new token: the two
/// then share label signature and mass, so A has two equal columns.
/// </summary>
[TestFixture]
public sealed class IdenticalSignatureProperties
{
    private const int Width = 64;
    private const double InitStd = 1e-3;
    private const double Eta = 0.5;
    private const int MaxSteps = 200;

    // Gradient flow contracts the twins' difference: its rate is -W_U^T J W_U (e_i - e_twin)
    // with J the (positive semi-definite) softmax Jacobian, and exactly zero in the linear
    // regime. Full-batch steps at eta = 0.5 follow that closely; 1.05 leaves room for the
    // step error and nothing for growth.
    private const double DifferenceGrowthTolerance = 1.05;

    // Predicted rows are computed from two equal columns of A through one SVD: they agree to rounding.
    private const double PredictedTolerance = 1e-9;

    /// <summary>(population with the twin, the token i, the twin id V).</summary>
    private static (Population Population, int Token, int Twin) WithTwin(PopulationSpec spec)
    {
        int token = spec.Samples[0].Tokens[0];
        int twin = spec.VocabularySize;
        var samples = new List<(IReadOnlyList<int>, int, double)>();
        foreach (var (tokens, label, weight) in spec.Samples)
        {
            if (!tokens.Contains(token)) { samples.Add((tokens, label, 2.0 * weight)); continue; }
            samples.Add((tokens, label, weight));
            samples.Add((tokens.Select(t => t == token ? twin : t).ToArray(), label, weight));
        }
        return (Population.Exact(spec.VocabularySize + 1, spec.ClassCount, samples), token, twin);
    }

    /// <summary>Swapping the twins leaves A^T A unchanged, so every function of it (the
    /// closed-form kernel) treats them alike: equal cosine rows, and a twin cosine that
    /// rises towards 1 as their common growth overtakes the initial draw.</summary>
    [Test]
    public void TwinTokens_HaveIdenticalPredictedCosineRows()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            var (population, i, twin) = WithTwin(spec);
            var set = SignatureSet.Compute(population, FeatureMap.Counts(population.VocabularySize));
            var flow = new LinearFlow(set.A);
            double worst = 0, previous = double.NegativeInfinity;
            foreach (var t in new[] { 0.5, 5.0, 20.0 })
            {
                var cos = flow.EmbeddingCosine(t);
                for (int j = 0; j < population.VocabularySize; j++)
                    if (j != i && j != twin) worst = Math.Max(worst, Math.Abs(cos[i, j] - cos[twin, j]));
                // The twins share every growing mode but differ by their (isotropic) initial
                // draw, so their cosine is g / (1 + g), g their common growth: it only rises.
                if (cos[i, twin] < previous - PredictedTolerance) worst = Math.Max(worst, previous - cos[i, twin]);
                previous = cos[i, twin];
            }
            return (worst <= PredictedTolerance).Label($"largest row difference {worst:G4}, |A_i| {set.A.Column(i).L2Norm():G4}, sigma {string.Join(",", flow.SingularValues.Select(x => x.ToString("G4")))}");
        }));
    }

    /// <summary>Trained to t* (at most 200 steps), the twins' embeddings are no further apart
    /// than at initialisation: whatever grows, grows in both alike.</summary>
    [Test]
    public void TwinTokens_TrainedEmbeddingsDoNotMoveApart()
    {
        var spec = new ModelSpec { Width = Width, InitStd = InitStd };
        int seed = 0;
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), p =>
        {
            var (population, i, twin) = WithTwin(p);
            var features = FeatureMap.Counts(population.VocabularySize);
            var flow = new LinearFlow(SignatureSet.Compute(population, features).A);
            double tStar = flow.EndOfLinearRegime(InitScale.FromStd(InitStd, Width));
            int steps = double.IsFinite(tStar) ? Math.Clamp((int)Math.Round(tStar / Eta), 1, MaxSteps) : MaxSteps;
            var run = TrainedModel.Train(population, features, spec,
                new TrainingConfig { LearningRate = Eta, Steps = steps, LogEvery = steps }, seed++);
            double before = Distance(run.InitialEmbedding, i, twin);
            double after = Distance(run.Embedding, i, twin);
            return (after <= DifferenceGrowthTolerance * before + 1e-12)
                .Label($"|e_i - e_twin| {before:G4} -> {after:G4} after {steps} steps (token {i}, twin {twin})");
        }), cases: 25);
    }

    private static double Distance(double[,] rows, int a, int b)
    {
        double s = 0;
        for (int k = 0; k < rows.GetLength(1); k++) s += (rows[a, k] - rows[b, k]) * (rows[a, k] - rows[b, k]);
        return Math.Sqrt(s);
    }
}
