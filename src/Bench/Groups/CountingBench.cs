using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;

namespace ProbSig.Bench.Groups;

/// <summary>
/// Corpus counting on Brown through the Qwen2.5 tokenizer (window 1, as `lm signatures`
/// counts): the counting pass against the raw read of the same token stream (the documents
/// encoded and handed on, nothing counted), which bounds how fast any counter fed by that
/// stream can go; and the pair counting alone, from ids already in memory, against one plain
/// pass over the same ids.
/// </summary>
public sealed class CountingBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "counting";

    /// <inheritdoc/>
    public string Description => "counting tokens/s beside the raw read rate of the same token stream";

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var brown = BrownStream.For(context);
        var p = brown.Pipeline;
        int repeats = context.Options.Smoke ? 1 : 3;
        long tokens = 0;
        context.Log($"  raw read of the token stream ({brown.Documents.Count} documents), {repeats} times");
        double raw = Timing.MedianSeconds(() => { tokens = 0; foreach (var ids in brown.Documents.Select(p.Encode)) tokens += ids.Length; }, repeats, warmup: 1);
        context.Log($"  counting pass over the same stream, {repeats} times");
        double counting = Timing.MedianSeconds(() => p.Count(brown.Documents.Select(p.Encode)), repeats, warmup: 0);

        var all = context.Shared("brown-ids", () => brown.Documents.Select(p.Encode).ToArray());
        context.Log($"  pair counting from {tokens:N0} ids in memory");
        double countOnly = Timing.MedianSeconds(() => p.Count(all), repeats + 2);
        long checksum = 0;
        double pass = Timing.MedianSeconds(() => { checksum = 0; foreach (var ids in all) foreach (int id in ids) checksum += id; }, repeats + 2);
        return
        [
            new BenchRow("counting-stream", Name, "counting pass (encode + count), Brown, qwen2.5", tokens / counting, "tokens/s", Better.Higher,
                "raw read of the same token stream", tokens / raw, null, BenchTarget.Ratio(0.5, "the raw read rate") with { Text = ">= 0.5x the raw read rate" },
                $"{brown.Documents.Count} documents, {tokens:N0} tokens, {brown.Bytes / 1e6:0.0} MB; median of {repeats}; the raw read encodes each document and counts nothing"),
            new BenchRow("counting-pairs", Name, "pair counting alone (ids in memory, window 1)", tokens / countOnly, "tokens/s", Better.Higher,
                "one pass summing the same ids", tokens / pass, null, null,
                $"CorpusCounts over {all.Length} id arrays (checksum {checksum}): the counter's own cost, without the tokenizer"),
        ];
    }
}
