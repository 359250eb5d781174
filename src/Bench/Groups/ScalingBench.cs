using System.Diagnostics;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;

namespace ProbSig.Bench.Groups;

/// <summary>
/// How counting scales: the streaming pass of `lm signatures` (a text file read paragraph by
/// paragraph, encoded, counted) over Brown written out 1, 2 and 4 times, with its time and peak
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
        int[] copies = [1, 2, 4];
        var tokens = new List<double>();
        var seconds = new List<double>();
        var peaks = new List<double>();
        foreach (int k in copies)
        {
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
            context.Log($"  counting Brown x {k} ({new FileInfo(file).Length / 1e6:0.0} MB), streamed");
            using var memory = PeakMemory.Start();
            var clock = Stopwatch.StartNew();
            var counts = pipeline.Count();
            seconds.Add(clock.Elapsed.TotalSeconds);
            memory.Dispose();
            tokens.Add(counts.TokenCount);
            peaks.Add(memory.PeakAboveBaseline / 1e6);
            File.Delete(file);
        }
        double timeExponent = PowerLaw.Exponent(tokens, seconds);
        string sizes = string.Join(", ", tokens.Zip(seconds, peaks).Select(x => $"{x.First:N0} tokens {x.Second:0.0} s {x.Third:0} MB"));
        return
        [
            new BenchRow("scaling-count-time", Name, "counting time against corpus size (Brown x 1, 2, 4)", timeExponent, "exponent", Better.Neither,
                "linear", 1.0, null, BenchTarget.Range(0.9, 1.1, ""), $"fitted b of time ~ tokens^b over {sizes}"),
            new BenchRow("scaling-count-memory", Name, "counting peak memory at Brown x 4 against x 1", Math.Max(peaks[^1], 1), "MB", Better.Lower,
                "the same at Brown x 1", Math.Max(peaks[0], 1), null, new BenchTarget("flat: x 4 within 1.25x of x 1") { RatioAtLeast = 0.8 },
                $"peak resident memory above the baseline while counting (floored at 1 MB); {sizes}"),
        ];
    }
}
