using ProbSig.Empirics.Tokenizers;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>`probsig lm compare` on a tiny checkpoint and a small text corpus: the table, the
/// outputs, and bad inputs (exit 2, one line naming the option, no output folder).</summary>
[TestFixture]
public sealed class LmCompareCommandTests
{
    private string root = "";
    private string corpus = "";

    [OneTimeSetUp]
    public void Setup()
    {
        TorchRuntime.Initialise();
        root = CliRunner.TempFolder();
        corpus = Path.Combine(root, "corpus.txt");
        // A small language with structure: determiners before nouns, nouns before verbs.
        var rng = new Random(3);
        string[] det = ["the", "a", "every", "some"], noun = ["cat", "dog", "bird", "horse", "fish", "mouse", "lion", "wolf"],
            verb = ["runs", "sleeps", "eats", "jumps", "swims", "sings"], adv = ["quickly", "slowly", "often", "rarely"];
        var lines = Enumerable.Range(0, 3000).Select(_ =>
            $"{det[rng.Next(det.Length)]} {noun[rng.Next(noun.Length)]} {verb[rng.Next(verb.Length)]} {adv[rng.Next(adv.Length)]} {rng.Next(10)}.");
        File.WriteAllText(corpus, string.Join("\n", lines));
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private string Checkpoint(int vocab, bool tied)
    {
        var dir = Path.Combine(root, $"model-{vocab}-{tied}");
        if (Directory.Exists(dir)) return dir;
        var config = new Qwen2Config
        {
            VocabSize = vocab, HiddenSize = 16, IntermediateSize = 24, NumHiddenLayers = 1, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, TieWordEmbeddings = tied, MaxPositionEmbeddings = 64, Seed = 5,
        };
        using var model = new Qwen2ForCausalLM(config);
        Qwen2Checkpoint.Save(model, dir);
        return dir;
    }

    [TestCase(false, 12)]
    [TestCase(true, 6)]
    public void Compare_TinyCheckpoint_PrintsTableAndWritesEveryComparison(bool tied, int comparisons)
    {
        var output = Path.Combine(root, $"out-{tied}");
        var r = CliRunner.Run("lm", "compare", "--checkpoint", Checkpoint(400, tied), "--corpus", corpus, "--tokenizer", "bpe:300",
            "--top", "30", "--window", "2", "--permutations", "9", "--kendall-permutations", "3", "--ppmi-rank", "8", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        foreach (var word in new[] { "embedding", "next_w2", "previous_w2", "next+previous", "ppmi_svd", "spearman", "strong_pair_precision@0.01", "agreement_top_bin_mean" })
            Assert.That(r.StdOut, Does.Contain(word));
        Assert.That(r.StdOut.Contains("unembedding"), Is.EqualTo(!tied));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "compare.json")));
        var rows = json.RootElement.GetProperty("comparisons");
        Assert.That(rows.GetArrayLength(), Is.EqualTo(comparisons));
        foreach (var row in rows.EnumerateArray())
        {
            Assert.That(row.GetProperty("metrics").EnumerateObject().Count(), Is.EqualTo(7));
            Assert.That(row.GetProperty("metrics").GetProperty("spearman").GetProperty("permutations").GetInt32(), Is.EqualTo(9));
            Assert.That(row.GetProperty("agreement_curve").GetProperty("mean_observed").GetArrayLength(), Is.GreaterThan(1));
        }
        Assert.That(json.RootElement.GetProperty("ids").GetArrayLength(), Is.EqualTo(30));
        Assert.That(File.Exists(Path.Combine(output, "embedding_cosine.npy")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "ppmi_svd_cosine.npy")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "next_previous_cosine.npy")), Is.True);
    }

    [Test]
    public void Compare_TokenizerLargerThanCheckpointVocabulary_ExitTwoNamingBoth()
    {
        var output = Path.Combine(root, "out-too-large");
        var r = CliRunner.Run("lm", "compare", "--checkpoint", Checkpoint(270, false), "--corpus", corpus, "--tokenizer", "bpe:300", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("--tokenizer").And.Contain("300 tokens").And.Contain("vocab_size is 270"));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Compare_MissingCheckpointFolder_ExitTwoNamingIt()
    {
        var missing = Path.Combine(root, "no-such-model");
        var r = CliRunner.Run("lm", "compare", "--checkpoint", missing, "--corpus", corpus, "--tokenizer", "bpe:300");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain("--checkpoint").And.Contain("no-such-model"));
    }

    [Test]
    public void Compare_CheckpointWithoutConfig_ExitTwoNamingConfigJson()
    {
        var dir = Path.Combine(root, "no-config");
        CopyFolder(Checkpoint(400, false), dir);
        File.Delete(Path.Combine(dir, "config.json"));
        var r = CliRunner.Run("lm", "compare", "--checkpoint", dir, "--corpus", corpus, "--tokenizer", "bpe:300");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain("--checkpoint").And.Contain("config.json"));
    }

    [Test]
    public void Compare_BadTop_ExitTwoNamingIt()
    {
        var r = CliRunner.Run("lm", "compare", "--checkpoint", Checkpoint(400, false), "--corpus", corpus, "--tokenizer", "bpe:300", "--top", "2");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain("--top"));
    }

    /// <summary>A checkpoint saved with its tokenizer is compared with that tokenizer only (issue 13, item 5).</summary>
    [Test]
    public void Compare_TokenizerOtherThanTheCheckpoints_ExitTwo()
    {
        var dir = Path.Combine(root, "with-tokenizer");
        CopyFolder(Checkpoint(400, false), dir);
        // The checkpoint's own tokenizer: a 300-token BPE of other text than --corpus.
        TokenizerFiles.Save(BpeTrainer.Train(["completely different words and phrases, numbers 12 34 and more text"], 300), dir);
        var r = CliRunner.Run("lm", "compare", "--checkpoint", dir, "--corpus", corpus, "--tokenizer", "bpe:300");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("--tokenizer").And.Contain("not the tokenizer saved with the checkpoint"));
        var same = CliRunner.Run("lm", "compare", "--checkpoint", dir, "--corpus", corpus, "--tokenizer", dir, "--top", "10", "--permutations", "3");
        Assert.That(same.ExitCode, Is.Zero, same.StdErr);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
