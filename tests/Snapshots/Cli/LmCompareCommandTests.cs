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

    private string Checkpoint(int vocab, bool tied, int seed = 5)
    {
        var dir = Path.Combine(root, seed == 5 ? $"model-{vocab}-{tied}" : $"model-{vocab}-{tied}-{seed}");
        if (Directory.Exists(dir)) return dir;
        var config = new Qwen2Config
        {
            VocabSize = vocab, HiddenSize = 16, IntermediateSize = 24, NumHiddenLayers = 1, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, TieWordEmbeddings = tied, MaxPositionEmbeddings = 64, Seed = seed,
        };
        using var model = new Qwen2ForCausalLM(config);
        Qwen2Checkpoint.Save(model, dir);
        return dir;
    }

    [TestCase(false, 14)]
    [TestCase(true, 7)]
    public void Compare_TinyCheckpoint_PrintsTableAndWritesEveryComparison(bool tied, int comparisons)
    {
        var output = Path.Combine(root, $"out-{tied}");
        var r = CliRunner.Run("lm", "compare", "--checkpoint", Checkpoint(400, tied), "--corpus", corpus, "--tokenizer", "bpe:300",
            "--top", "30", "--window", "2", "--permutations", "9", "--kendall-permutations", "3", "--ppmi-rank", "8", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        foreach (var word in new[] { "embedding", "next_w2", "previous_w2", "next_w2+previous_w2", "next+previous", "ppmi_svd", "spearman", "strong_pair_precision@0.01", "agreement_top_bin_mean" })
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

    /// <summary>
    /// A folder of checkpoints (issue 16, item 4), whose names sort otherwise than their steps: one
    /// with lm train's trainer_state.json ("step"), one with Hugging Face's ("global_step"), one with
    /// only a number in its name. Each is compared as a single checkpoint is (the same compare.json,
    /// byte for byte, in a subfolder of its name), and curve.json holds a point per checkpoint in step order.
    /// </summary>
    [Test]
    public void Compare_FolderOfCheckpoints_ComparesEach_AndWritesTheCurveInStepOrder()
    {
        var series = Path.Combine(root, "series");
        CopyFolder(Checkpoint(400, false, seed: 11), Path.Combine(series, "final"));
        File.WriteAllText(Path.Combine(series, "final", "trainer_state.json"), """{ "version": 1, "step": 50, "seed": 0 }""");
        CopyFolder(Checkpoint(400, false, seed: 12), Path.Combine(series, "checkpoint-300"));
        File.WriteAllText(Path.Combine(series, "checkpoint-300", "trainer_state.json"), """{ "global_step": 300, "log_history": [] }""");
        CopyFolder(Checkpoint(400, false, seed: 13), Path.Combine(series, "checkpoint-120"));
        Directory.CreateDirectory(Path.Combine(series, "runs"));   // e.g. the Trainer's logs: not a checkpoint, skipped
        string[] options = ["--corpus", corpus, "--tokenizer", "bpe:300", "--top", "30", "--permutations", "5", "--kendall-permutations", "2", "--ppmi-rank", "8"];

        var output = Path.Combine(root, "out-series");
        var r = CliRunner.Run(["lm", "compare", "--checkpoint", series, .. options, "--out", output]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain("final (step 50)").And.Contain("checkpoint-120 (step 120)").And.Contain("agreement curve over 30 tokens"));
        Assert.That(r.StdOut.IndexOf("final (step 50)", StringComparison.Ordinal), Is.LessThan(r.StdOut.IndexOf("checkpoint-120 (step 120)", StringComparison.Ordinal)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "curve.json")));
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.That(points.Select(p => p.GetProperty("step").GetInt32()), Is.EqualTo(new[] { 50, 120, 300 }));
        Assert.That(points.Select(p => p.GetProperty("checkpoint").GetString()), Is.EqualTo(new[] { "final", "checkpoint-120", "checkpoint-300" }));
        Assert.That(points.Select(p => p.GetProperty("step_from").GetString()), Is.EqualTo(new[] { "trainer_state.json", "folder name", "trainer_state.json" }));
        Assert.That(points.Select(p => p.GetProperty("embedding").GetProperty("spearman").GetDouble()).Distinct().Count(), Is.EqualTo(3), "three different models");
        Assert.That(json.RootElement.GetProperty("ids").GetArrayLength(), Is.EqualTo(30));
        Assert.That(json.RootElement.GetProperty("permutations").GetInt32(), Is.EqualTo(19));
        Assert.That(File.ReadAllBytes(Path.Combine(output, "curve.png")).Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        Assert.That(Directory.GetDirectories(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "final", "checkpoint-120", "checkpoint-300" }));

        var single = Path.Combine(root, "out-single");
        var one = CliRunner.Run(["lm", "compare", "--checkpoint", Path.Combine(series, "checkpoint-120"), .. options, "--out", single]);
        Assert.That(one.ExitCode, Is.Zero, one.StdErr);
        Assert.That(File.ReadAllBytes(Path.Combine(output, "checkpoint-120", "compare.json")), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "compare.json"))));
        Assert.That(r.StdOut, Does.Contain(one.StdOut.Trim()), "the checkpoint's table is the single comparison's");

        // Without --out: the tables and the curve, nothing written.
        var printed = CliRunner.Run(["lm", "compare", "--checkpoint", series, .. options]);
        Assert.That(printed.ExitCode, Is.Zero, printed.StdErr);
        Assert.That(printed.StdOut, Is.EqualTo(r.StdOut));
    }

    [Test]
    public void Compare_BadFolderOfCheckpoints_ExitTwoWithOneLineNamingTheProblem()
    {
        var cases = new List<(string Dir, string[] Message)>();
        var empty = Path.Combine(root, "bad-empty");
        Directory.CreateDirectory(empty);
        cases.Add((empty, ["is empty"]));

        var noCheckpoint = Path.Combine(root, "bad-none");
        Directory.CreateDirectory(Path.Combine(noCheckpoint, "a"));
        Directory.CreateDirectory(Path.Combine(noCheckpoint, "b"));
        File.WriteAllText(Path.Combine(noCheckpoint, "a", "notes.txt"), "not a checkpoint");
        cases.Add((noCheckpoint, ["none of its 2 subfolder(s) holds a checkpoint", "config.json"]));

        var vocab = Path.Combine(root, "bad-vocab");
        CopyFolder(Checkpoint(400, false), Path.Combine(vocab, "checkpoint-1"));
        CopyFolder(Checkpoint(270, false), Path.Combine(vocab, "checkpoint-2"));
        cases.Add((vocab, ["checkpoint-1 has vocab_size 400 but checkpoint-2 has 270"]));

        var tokenizers = Path.Combine(root, "bad-tokenizers");
        CopyFolder(Checkpoint(400, false), Path.Combine(tokenizers, "checkpoint-1"));
        CopyFolder(Checkpoint(400, false), Path.Combine(tokenizers, "checkpoint-2"));
        TokenizerFiles.Save(BpeTrainer.Train(["one text with some words in it, 12 and 34"], 300), Path.Combine(tokenizers, "checkpoint-1"));
        TokenizerFiles.Save(BpeTrainer.Train(["another text altogether, with 56 and 78"], 300), Path.Combine(tokenizers, "checkpoint-2"));
        cases.Add((tokenizers, ["checkpoint-1 and checkpoint-2 were saved with different tokenizers"]));

        var noStep = Path.Combine(root, "bad-step");
        CopyFolder(Checkpoint(400, false), Path.Combine(noStep, "checkpoint-1"));
        CopyFolder(Checkpoint(400, false), Path.Combine(noStep, "latest"));
        cases.Add((noStep, ["latest", "has no step"]));

        var twice = Path.Combine(root, "bad-twice");
        CopyFolder(Checkpoint(400, false), Path.Combine(twice, "checkpoint-7"));
        CopyFolder(Checkpoint(400, false), Path.Combine(twice, "run-007"));
        cases.Add((twice, ["checkpoint-7 and run-007 are both at step 7"]));

        foreach (var (dir, message) in cases)
        {
            var output = Path.Combine(root, "out-" + Path.GetFileName(dir));
            var r = CliRunner.Run("lm", "compare", "--checkpoint", dir, "--corpus", corpus, "--tokenizer", "bpe:300", "--top", "10", "--out", output);
            Assert.That(r.ExitCode, Is.EqualTo(2), dir + ": " + r.StdErr);
            Assert.That(r.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), r.StdErr);
            Assert.That(r.StdErr, Does.StartWith("probsig: --checkpoint"));
            foreach (var part in message) Assert.That(r.StdErr, Does.Contain(part));
            Assert.That(Directory.Exists(output), Is.False, "nothing is written");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
