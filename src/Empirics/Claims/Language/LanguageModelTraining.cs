using System.Diagnostics;
using ProbSig.Empirics.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Claims.Language;

/// <summary>
/// Trains the LM claims' models: a Qwen2 preset on windows cut from the training genre
/// set's documents (never across a document boundary), causal LM loss, AdamW
/// (betas 0.9/0.95, weight decay 0.01), linear warm-up over the first 5% of steps then
/// cosine decay to a tenth, gradient clipping at 1, float32 on CPU. Batches come from a
/// System.Random seeded by the scale, the weights from the model's own generator; nothing
/// touches the global RNG.
/// </summary>
internal static class LanguageModelTraining
{
    public static TrainedLanguageModel Train(LanguageModelScale scale, LanguageModelCorpus corpus, bool tied, string device, IProgress<string>? progress)
    {
        Runtime.TorchRuntime.Initialise();
        var config = Qwen2Config.Preset(scale.Preset, corpus.Tokenizer.VocabularySize) with
        {
            TieWordEmbeddings = tied, Seed = scale.ModelSeed, Device = device,
            MaxPositionEmbeddings = Math.Max(scale.SequenceLength, 16),
        };
        using var model = new Qwen2ForCausalLM(config);
        var docs = corpus.TrainingDocuments.Where(d => d.Length > scale.SequenceLength).ToArray();
        if (docs.Length == 0) throw new InvalidOperationException($"no training document is longer than {scale.SequenceLength} tokens");
        var rng = new Random(scale.ModelSeed * 7919 + (tied ? 1 : 0));
        using var optimizer = optim.AdamW(model.parameters(), scale.LearningRate, beta1: 0.9, beta2: 0.95, weight_decay: 0.01);
        int warmup = Math.Max(1, scale.Steps / 20);
        var losses = new List<double>(scale.Steps);
        var clock = Stopwatch.StartNew();
        int t1 = scale.SequenceLength + 1;
        var dev = model.EmbeddingWeight.device;
        for (int step = 0; step < scale.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = new long[scale.BatchSize * t1];
            for (int b = 0; b < scale.BatchSize; b++)
            {
                var doc = docs[rng.Next(docs.Length)];
                int start = rng.Next(doc.Length - scale.SequenceLength);
                for (int t = 0; t < t1; t++) batch[b * t1 + t] = doc[start + t];
            }
            var ids = tensor(batch, [scale.BatchSize, t1], device: dev);
            var input = ids[.., ..^1];
            var target = ids[.., 1..];
            double lr = step < warmup ? scale.LearningRate * (step + 1) / warmup
                : scale.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, scale.Steps - warmup))));
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
            optimizer.zero_grad();
            var logits = model.call(input);                                        // (B, T, V)
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), target.reshape(-1));
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            losses.Add(loss.item<float>());
            if (progress is not null && (step + 1) % 100 == 0)
                progress.Report($"LM claims: {(tied ? "tied" : "untied")} model step {step + 1}/{scale.Steps}, loss {losses[^1]:F3}, {clock.Elapsed.TotalSeconds:F0} s");
        }
        using var noGrad = no_grad();
        return new TrainedLanguageModel
        {
            Embedding = model.EmbeddingWeight.detach().cpu().clone(),
            Unembedding = model.UnembeddingWeight.detach().cpu().clone(),
            Tied = tied,
            Loss = losses,
            Seconds = clock.Elapsed.TotalSeconds,
            Tokens = (long)scale.Steps * scale.BatchSize * scale.SequenceLength,
        };
    }
}
