using ProbSig.Empirics.LanguageModels.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

/// <summary>Small token corpora for the trainer tests.</summary>
internal static class TinyCorpus
{
    /// <summary>
    /// Documents from a fixed sparse Markov chain over <paramref name="vocab"/> tokens: each
    /// token has two likely successors (probabilities 0.7 and 0.3), so the best next-token
    /// loss is about 0.61 nats, far below the uniform ln V.
    /// </summary>
    public static TokenDocuments Markov(int vocab = 32, int documents = 40, int length = 120, long seed = 5)
    {
        var rng = new Random((int)seed);
        var docs = new List<int[]>();
        for (int d = 0; d < documents; d++)
        {
            var ids = new int[length];
            ids[0] = rng.Next(vocab);
            for (int i = 1; i < length; i++)
                ids[i] = rng.NextDouble() < 0.7 ? (3 * ids[i - 1] + 1) % vocab : (5 * ids[i - 1] + 2) % vocab;
            docs.Add(ids);
        }
        return new TokenDocuments(docs, vocab, $"markov:{vocab}");
    }
}

/// <summary>A bigram language model (embedding, then a vocabulary head): causal by construction,
/// small enough for exact-resume tests in well under a second.</summary>
internal sealed class BigramLm : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed_tokens;
    private readonly Linear lm_head;

    public BigramLm(int vocab, int width, long seed) : base(nameof(BigramLm))
    {
        embed_tokens = nn.Embedding(vocab, width);
        lm_head = nn.Linear(width, vocab, hasBias: false);
        using (var g = new Generator((ulong)seed))
        using (no_grad())
        {
            embed_tokens.weight!.normal_(0, 0.1, generator: g);
            lm_head.weight!.normal_(0, 0.1, generator: g);
        }
        RegisterComponents();
    }

    /// <summary>ids (B, T) to logits (B, T, V).</summary>
    public override Tensor forward(Tensor ids) => lm_head.call(embed_tokens.call(ids));
}

/// <summary>An IProgress that runs its action synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
