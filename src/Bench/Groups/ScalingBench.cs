using System.Diagnostics;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;

namespace ProbSig.Bench.Groups;

/// <summary>
/// How counting scales: the streaming pass of `lm signatures` (a text file read paragraph by
/// paragraph, encoded, counted) over Brown written out 2, 4 and 8 times, with its time and peak
/// resident memory at each size, the fitted exponent of time against size, and the memory at
/// the largest size against the smallest. Repeating one corpus keeps the counts table the same
/// size, so what grows in memory can only be the stream itself.
/// </summary>
public sealed class ScalingBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "scaling";

    /// <inheritdoc/>
    public string Description => "counting time and peak memory against corpus size, with the fitted exponent";

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var brown = BrownStream.For(context);
        int[] copies = [2, 4, 8];
        var tokens = new List<double>();
        var seconds = new List<double>();
        var peaks = new List<double>();
        bool warmedUp = false;
        // One untimed pass over Brown x 1 first, so no size pays for warming the tokenizer's cache
        // and the JIT; sizes from x 2 up, so the pass's fixed cost (opening the source, the
        // counts table for 151,665 ids) weighs less: x 1, 2, 4 fitted 0.85.
        foreach (int k in (int[])[1, .. copies])
        {
            bool warmup = !warmedUp;
            string file = Path.Combine(context.Scratch, $"brown-x{k}.txt");
            using (var writer = new StreamWriter(file))
                for (int c = 0; c < k; c++)
                    foreach (var d in brown.Documents)
                    {
                        // Paragraphs are the documents of this source: blank lines inside one would only split it further.
                        writer.WriteLine(d.Text.Replace("\r", "", StringComparison.Ordinal));
                        writer.WriteLine();
                    }
            var pipeline = new CorpusPipeline(CorpusSources.Describe(file, TextSplit.Paragraphs), brown.Pipeline.Tokenizer, window: 1);
            context.Log($"  counting Brown x {k} ({new FileInfo(file).Length / 1e6:0.0} MB), streamed{(warmedUp ? "" : ", warm-up")}");
            using var memory = PeakMemory.Start();
            var clock = Stopwatch.StartNew();
            var counts = pipeline.Count();
            seconds.Add(clock.Elapsed.TotalSeconds);
            memory.Dispose();
            File.Delete(file);
            if (warmup)
            {
                warmedUp = true;
                seconds.Clear();
                continue;
            }
            tokens.Add(counts.TokenCount);
            peaks.Add(memory.PeakAboveBaseline / 1e6);
        }
        double timeExponent = PowerLaw.Exponent(tokens, seconds);
        string sizes = string.Join(", ", tokens.Zip(seconds, peaks).Select(x => $"{x.First:N0} tokens {x.Second:0.0} s {x.Third:0} MB"));
        return
        [
            new BenchRow("scaling-count-time", Name, "counting time against corpus size (Brown x 2, 4, 8)", timeExponent, "exponent", Better.Neither,
                "linear", 1.0, null, BenchTarget.Range(0.9, 1.1, ""), $"fitted b of time ~ tokens^b over {sizes}"),
            new BenchRow("scaling-count-memory", Name, "counting peak memory at Brown x 8 against x 2", Math.Max(peaks[^1], 1), "MB", Better.Lower,
                "the same at Brown x 2", Math.Max(peaks[0], 1), null, new BenchTarget("flat: x 8 within 1.25x of x 2") { RatioAtLeast = 0.8 },
                $"peak resident memory above the baseline while counting (floored at 1 MB); {sizes}"),
        ];
    }
}
