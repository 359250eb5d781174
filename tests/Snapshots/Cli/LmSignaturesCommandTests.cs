using NUnit.Framework;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Tests.Snapshots.Support;
using ProbSig.Theory.Corpus;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig lm signatures`: counting in shards and merging gives exactly the single
/// pass's signatures; bad input fails with one line and no output folder.
/// </summary>
[TestFixture]
public sealed class LmSignaturesCommandTests
{
    private static (string Corpus, string Vocab) SmallCorpus()
    {
        var dir = CliRunner.TempFolder();
        var corpus = Path.Combine(dir, "corpus");
        Directory.CreateDirectory(corpus);
        var rng = new Random(5);
        string[] words = ["the", "key", "anchor", "adds", "five", "one", "two", "label", "signature", "embedding", "3", "17", "and", "of"];
        var texts = new List<string>();
        for (int d = 0; d < 12; d++)
        {
            var text = string.Join(" ", Enumerable.Range(0, 150).Select(_ => words[(int)Math.Floor(Math.Pow(rng.NextDouble(), 2) * words.Length)]));
            texts.Add(text);
            File.WriteAllText(Path.Combine(corpus, $"doc{d:D2}.txt"), text);
        }
        var tokenizer = BpeTrainer.Train(texts, 300);
        var tokDir = Path.Combine(dir, "tok");
        Directory.CreateDirectory(tokDir);
        TokenizerFiles.Save(tokenizer, tokDir);
        return (corpus, Path.Combine(tokDir, "vocab.json"));
    }

    [Test]
    public void ShardsMerged_GiveTheSinglePassSignatures()
    {
        var (corpus, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        string Out(string name) => Path.Combine(work, name);
        var common = new[] { "--corpus", corpus, "--tokenizer", vocab, "--top", "20", "--window", "2" };
        Assert.That(CliRunner.Run(["lm", "signatures", .. common, "--out", Out("single")]).ExitCode, Is.Zero);
        for (int i = 0; i < 3; i++)
        {
            var run = CliRunner.Run(["lm", "signatures", .. common, "--shard", $"{i}/3", "--out", Out($"shard{i}")]);
            Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        }
        var merge = CliRunner.Run("lm", "signatures", "merge", Out("shard0/counts.pscounts"), Out("shard1/counts.pscounts"), Out("shard2/counts.pscounts"), "--out", Out("merged.pscounts"));
        Assert.That(merge.ExitCode, Is.Zero, merge.StdErr);
        // Each counts file's header names the corpus it counted, and the merge keeps it.
        Assert.That(CountsFile.ReadHeader(Out("shard1/counts.pscounts")).Corpora, Is.EqualTo(new[] { corpus }));
        Assert.That(CountsFile.ReadHeader(Out("merged.pscounts")).Corpora, Is.EqualTo(new[] { corpus }));
        var fromMerged = CliRunner.Run("lm", "signatures", "--counts", Out("merged.pscounts"), "--tokenizer", vocab, "--top", "20", "--window", "2", "--out", Out("merged"));
        Assert.That(fromMerged.ExitCode, Is.Zero, fromMerged.StdErr);
        foreach (var file in new[] { "next_signature.npy", "previous_signature.npy", "next_cosine.npy", "previous_cosine.npy", "ppmi_svd_cosine.npy" })
            Assert.That(File.ReadAllBytes(Out("merged/" + file)), Is.EqualTo(File.ReadAllBytes(Out("single/" + file))), file);
    }

    [Test]
    [NonParallelizable] // sets a scheduler's variables for the process while it runs
    public void ShardAuto_UnderAKubernetesIndexedJob_MergesToTheSinglePass()
    {
        var (corpus, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        string Out(string name) => Path.Combine(work, name);
        var common = new[] { "--corpus", corpus, "--tokenizer", vocab, "--top", "20", "--window", "2" };
        Assert.That(CliRunner.Run(["lm", "signatures", .. common, "--out", Out("single")]).ExitCode, Is.Zero);
        try
        {
            Environment.SetEnvironmentVariable("JOB_COMPLETIONS", "3");
            for (int i = 0; i < 3; i++)
            {
                Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var run = CliRunner.Run(["lm", "signatures", .. common, "--shard", "auto", "--out", Out($"part{i}")]);
                Assert.That(run.ExitCode, Is.Zero, run.StdErr);
                Assert.That(run.StdErr, Does.Contain($"shard {i}/3 from Kubernetes Indexed Job completion {i} of 3"));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("JOB_COMPLETIONS", null);
            Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", null);
        }
        var merge = CliRunner.Run("lm", "signatures", "merge", Out("part0/counts.pscounts"), Out("part1/counts.pscounts"), Out("part2/counts.pscounts"), "--out", Out("merged.pscounts"));
        Assert.That(merge.ExitCode, Is.Zero, merge.StdErr);
        var fromMerged = CliRunner.Run("lm", "signatures", "--counts", Out("merged.pscounts"), "--tokenizer", vocab, "--top", "20", "--window", "2", "--out", Out("merged"));
        Assert.That(fromMerged.ExitCode, Is.Zero, fromMerged.StdErr);
        foreach (var file in new[] { "next_signature.npy", "previous_signature.npy", "next_cosine.npy", "previous_cosine.npy" })
            Assert.That(File.ReadAllBytes(Out("merged/" + file)), Is.EqualTo(File.ReadAllBytes(Out("single/" + file))), file);
        var unset = CliRunner.Run(["lm", "signatures", .. common, "--shard", "auto", "--out", Out("none")]);
        Assert.That(unset.ExitCode, Is.EqualTo(2));
        Assert.That(unset.StdErr, Does.Contain("--shard 'auto': neither a Slurm array task"));
    }

    [TestCase("--shard", "3/2")]
    [TestCase("--window", "0")]
    [TestCase("--weights", "triangular")]
    [TestCase("--corpus", "/nonexistent/probsig-corpus")]
    [TestCase("--tokenizer", "builtin:12")]
    public void BadOption_OneLineExitTwoNoOutput(string option, string value)
    {
        var (corpus, vocab) = SmallCorpus();
        var outDir = Path.Combine(CliRunner.TempFolder(), "sig");
        var args = new List<string> { "lm", "signatures", "--corpus", corpus, "--tokenizer", vocab, "--top", "10", "--out", outDir };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var run = CliRunner.Run([.. args]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(run.StdErr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), run.StdErr);
            Assert.That(run.StdErr, Does.Contain(option));
            Assert.That(Directory.Exists(outDir), Is.False);
        });
    }

    /// <summary>Truncated or corrupt data files are bad input: exit 2, one line naming the file, no output folder (issue 13, item 3).</summary>
    [Test]
    public void TruncatedCountsFile_IsBadInput_NamingTheFile()
    {
        var (corpus, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        var made = CliRunner.Run("lm", "signatures", "--corpus", corpus, "--tokenizer", vocab, "--top", "20", "--out", Path.Combine(work, "full"));
        Assert.That(made.ExitCode, Is.Zero, made.StdErr);
        var bytes = File.ReadAllBytes(Path.Combine(work, "full", "counts.pscounts"));
        var truncated = Path.Combine(work, "truncated.pscounts");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var run = CliRunner.Run("lm", "signatures", "--counts", truncated, "--tokenizer", vocab, "--out", Path.Combine(work, "again"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("truncated.pscounts").And.Not.Contain("unexpected error"));
        Assert.That(Directory.Exists(Path.Combine(work, "again")), Is.False);
    }

    [Test]
    public void TruncatedZstdCorpus_IsBadInput_NamingTheFile()
    {
        var (_, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        var lines = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"{{\"text\": \"the key {i} adds five and one\", \"meta\": {{\"pile_set_name\": \"Pile-CC\"}}}}"));
        using var compressor = new ZstdSharp.Compressor(3);
        var zst = compressor.Wrap(System.Text.Encoding.UTF8.GetBytes(lines)).ToArray();
        var file = Path.Combine(work, "part.jsonl.zst");
        File.WriteAllBytes(file, zst[..(zst.Length * 2 / 3)]);
        var run = CliRunner.Run("lm", "signatures", "--corpus", file, "--tokenizer", vocab, "--out", Path.Combine(work, "out"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("part.jsonl.zst").And.Not.Contain("unexpected error"));
        Assert.That(Directory.Exists(Path.Combine(work, "out")), Is.False);
    }

    [Test]
    public void EmptyCorpus_IsBadInput_SayingSo()
    {
        var (_, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        var corpus = Path.Combine(work, "empty");
        Directory.CreateDirectory(corpus);
        File.WriteAllText(Path.Combine(corpus, "a.txt"), "");
        var run = CliRunner.Run("lm", "signatures", "--corpus", corpus, "--tokenizer", vocab, "--ppmi-rank", "0", "--out", Path.Combine(work, "out"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("--corpus").And.Contain("holds no tokens").And.Not.Contain("Parameter"));
        Assert.That(Directory.Exists(Path.Combine(work, "out")), Is.False);
    }

    /// <summary>Overlapping shards (0/2 with 0/4) and a file with itself would count documents twice: refused (issue 13, item 5).</summary>
    [Test]
    public void MergeOfOverlappingShards_IsRefused()
    {
        var (corpus, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        string Counts(string shard)
        {
            var dir = Path.Combine(work, shard.Replace('/', '_'));
            var run = CliRunner.Run("lm", "signatures", "--corpus", corpus, "--tokenizer", vocab, "--top", "10", "--ppmi-rank", "0", "--shard", shard, "--out", dir);
            Assert.That(run.ExitCode, Is.Zero, run.StdErr);
            return Path.Combine(dir, "counts.pscounts");
        }
        var half = Counts("0/2");
        var quarter = Counts("0/4");
        var merged = Path.Combine(work, "merged.pscounts");
        var overlap = CliRunner.Run("lm", "signatures", "merge", half, quarter, "--out", merged);
        Assert.That(overlap.ExitCode, Is.EqualTo(2), overlap.StdErr);
        Assert.That(overlap.StdErr, Does.Contain("overlaps").And.Contain("0/4"));
        var itself = CliRunner.Run("lm", "signatures", "merge", half, half, "--out", merged);
        Assert.That(itself.ExitCode, Is.EqualTo(2), itself.StdErr);
        Assert.That(File.Exists(merged), Is.False);
    }

    /// <summary>Counts are read and merged only with the tokenizer that made them, by content, not by size (issue 13, item 5).</summary>
    [Test]
    public void CountsWithAnotherTokenizer_AreRefused_ByContent()
    {
        var (corpus, vocab) = SmallCorpus();
        var work = CliRunner.TempFolder();
        var otherDir = Path.Combine(work, "other-tok");
        Directory.CreateDirectory(otherDir);
        TokenizerFiles.Save(BpeTrainer.Train(["completely different words and phrases, numbers 12 34 and more text"], 300), otherDir);
        var other = Path.Combine(otherDir, "vocab.json");
        var mine = CliRunner.Run("lm", "signatures", "--corpus", corpus, "--tokenizer", vocab, "--top", "10", "--ppmi-rank", "0", "--shard", "0/2", "--out", Path.Combine(work, "mine"));
        Assert.That(mine.ExitCode, Is.Zero, mine.StdErr);
        var theirs = CliRunner.Run("lm", "signatures", "--corpus", corpus, "--tokenizer", other, "--top", "10", "--ppmi-rank", "0", "--shard", "1/2", "--out", Path.Combine(work, "theirs"));
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StdErr);
        var counts = Path.Combine(work, "mine", "counts.pscounts");

        var read = CliRunner.Run("lm", "signatures", "--counts", counts, "--tokenizer", other, "--out", Path.Combine(work, "again"));
        Assert.That(read.ExitCode, Is.EqualTo(2), read.StdErr);
        Assert.That(read.StdErr, Does.Contain("--tokenizer").And.Contain("is not the tokenizer"));

        var merged = Path.Combine(work, "merged.pscounts");
        var merge = CliRunner.Run("lm", "signatures", "merge", counts, Path.Combine(work, "theirs", "counts.pscounts"), "--out", merged);
        Assert.That(merge.ExitCode, Is.EqualTo(2), merge.StdErr);
        Assert.That(merge.StdErr, Does.Contain("another tokenizer"));
        Assert.That(File.Exists(merged), Is.False);
    }
}
