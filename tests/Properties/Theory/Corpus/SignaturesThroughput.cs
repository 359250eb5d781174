using System.Diagnostics;
using NUnit.Framework;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Decompositions;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>Timings asked for by issue 5 (counting throughput, the PPMI SVD at N = 2048).
/// Explicit: they take tens of seconds and measure the machine, not a property.</summary>
[TestFixture, Explicit("timing, run by hand")]
public sealed class SignaturesThroughput
{
    /// <summary>Zipf(1) sample over V ids by inverse CDF, split into ~1000-token documents.</summary>
    private static IEnumerable<int[]> ZipfStream(int v, long tokens, int seed)
    {
        var cdf = new double[v];
        double acc = 0;
        for (int r = 0; r < v; r++) cdf[r] = acc += 1.0 / (r + 1);
        var rng = new Random(seed);
        for (long done = 0; done < tokens; done += 1000)
        {
            var doc = new int[(int)Math.Min(1000, tokens - done)];
            for (int t = 0; t < doc.Length; t++)
            {
                int r = Array.BinarySearch(cdf, rng.NextDouble() * acc);
                doc[t] = Math.Min(v - 1, r < 0 ? ~r : r);
            }
            yield return doc;
        }
    }

    [TestCase(1, false)]
    [TestCase(4, false)]
    [TestCase(4, true)]
    public void Counting_ZipfStream_TenMillionTokens(int window, bool pairFilter)
    {
        const int v = 150_000;
        const long n = 10_000_000;
        var docs = ZipfStream(v, n, 1).ToArray(); // generated up front: time the counting only
        var sw = Stopwatch.StartNew();
        // Zipf ranks are ids, so ids 0..2047 are (up to sampling) the top 2048: the filter a
        // real run would take from a unigram pre-pass.
        var counts = CorpusCounts.Count(docs, v, window, "zipf", pairTokens: pairFilter ? Enumerable.Range(0, 2048) : null);
        sw.Stop();
        var distinct = string.Join(", ", Enumerable.Range(1, window).Select(counts.DistinctPairs));
        TestContext.Out.WriteLine($"window {window}, pair filter {pairFilter}: {n:N0} tokens in {sw.Elapsed.TotalSeconds:F2} s = {n / sw.Elapsed.TotalSeconds:N0} tokens/s; distinct pairs per offset {distinct}; GC heap {GC.GetTotalMemory(false) / 1e6:F0} MB");
        Assert.That(counts.TokenCount, Is.EqualTo(n));

        var top = pairFilter ? Enumerable.Range(0, 2048).ToArray() : TopTokens.Select(counts, 2048);
        sw.Restart();
        var next = CorpusSignatures.Compute(counts, SignatureSide.Next, top, WindowWeights.Uniform(window));
        var cos = CorpusSignatureSimilarity.Centred(next);
        TestContext.Out.WriteLine($"signatures + centred cosine at N = 2048: {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var path = Path.GetTempFileName();
        CountsFile.Write(counts, path);
        var back = CountsFile.Read(path);
        TestContext.Out.WriteLine($"write + read: {sw.Elapsed.TotalSeconds:F2} s, {new FileInfo(path).Length / 1e6:F0} MB");
        File.Delete(path);
        Assert.That(back.CountsEqual(counts) && cos.RowCount == top.Length);
    }

    [TestCase(8)]
    [TestCase(24)]
    public void PpmiSvd_AtN2048(int powerIterations)
    {
        var counts = CorpusCounts.Count(ZipfStream(150_000, 10_000_000, 2), 150_000, 1, "zipf");
        var sw = Stopwatch.StartNew();
        var ppmi = Ppmi.Compute(counts, 2048);
        TestContext.Out.WriteLine($"PPMI 2048 x 2048: {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var fast = PpmiSvd.Compute(ppmi, new RandomisedSvdSolver(powerIterations: powerIterations), 64);
        TestContext.Out.WriteLine($"randomised SVD rank 64, {powerIterations} power iterations: {sw.Elapsed.TotalSeconds:F2} s");
        sw.Restart();
        var exact = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, 64);
        TestContext.Out.WriteLine($"exact SVD: {sw.Elapsed.TotalSeconds:F2} s");
        var worst = Enumerable.Range(0, 64).Max(k => Math.Abs(fast.SingularValues[k] - exact.SingularValues[k]) / exact.SingularValues[k]);
        double cosGap = (exact.Cosine() - fast.Cosine()).Enumerate().Where(x => !double.IsNaN(x)).Max(Math.Abs);
        TestContext.Out.WriteLine($"worst relative singular value error {worst:E3} (s_1 = {exact.SingularValues[0]:F3}, s_64 = {exact.SingularValues[63]:F3}); max |cosine difference| {cosGap:E3}");
        Assert.That(worst, Is.LessThan(1e-2));
    }
}
