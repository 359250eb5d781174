using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;

namespace ProbSig.Bench.Measurement;

/// <summary>
/// The corpus the counting, tokenisation and signature rows read: Brown (500 documents, about
/// 1.16M words) through the Qwen2.5 tokenizer, as `lm signatures --corpus brown --tokenizer
/// qwen2.5` reads it; at smoke scale its first 8 documents. Loaded once per run.
/// </summary>
public sealed record BrownStream(CorpusPipeline Pipeline, IReadOnlyList<CorpusDocument> Documents, long Bytes)
{
    /// <summary>Brown's pipeline and documents for this run (shared through the context).</summary>
    public static BrownStream For(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Shared("brown-qwen2.5", () =>
        {
            context.Log("  loading Brown and the Qwen2.5 tokenizer");
            var tokenizer = new QwenTokenizerDescription().Load();
            var pipeline = new CorpusPipeline(new BrownDescription(), tokenizer, window: 1);
            var docs = pipeline.Documents().Take(context.Options.Smoke ? 8 : int.MaxValue).ToArray();
            long bytes = docs.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
            return new BrownStream(pipeline, docs, bytes);
        });
    }
}
