using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>`probsig lm tokenize` with a tokenizer from files: ids equal the library's, bad input fails cleanly.</summary>
[TestFixture]
public sealed class LmTokenizeCommandTests
{
    private const string Text = "The 12 keys add 5, then 1, then -2 and -8.\nÉtude naïve: 3 + 4 = 7.  Done!\n";

    private static (string Dir, string Vocab, ByteLevelBpeTokenizer Tokenizer) TrainedTokenizer()
    {
        var dir = CliRunner.TempFolder();
        var tokenizer = BpeTrainer.Train(Enumerable.Repeat(Text, 20), 300);
        TokenizerFiles.Save(tokenizer, dir);
        return (dir, Path.Combine(dir, "vocab.json"), tokenizer);
    }

    [Test]
    public void Tokenize_Json_EqualsTheTokenizersIds()
    {
        var (dir, vocab, tokenizer) = TrainedTokenizer();
        var input = Path.Combine(dir, "in.txt");
        File.WriteAllText(input, Text);
        var output = Path.Combine(dir, "ids.json");
        var run = CliRunner.Run("lm", "tokenize", "--tokenizer", vocab, "--in", input, "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        var ids = JsonSerializer.Deserialize<int[]>(File.ReadAllText(output))!;
        Assert.That(ids, Is.EqualTo(tokenizer.Encode(Text)));
        Assert.That(tokenizer.Decode(ids), Is.EqualTo(Text));
    }

    [Test]
    public void Tokenize_Npy_IsInt64OneDimensional()
    {
        var (dir, vocab, tokenizer) = TrainedTokenizer();
        var input = Path.Combine(dir, "in.txt");
        File.WriteAllText(input, Text);
        var output = Path.Combine(dir, "ids.npy");
        var run = CliRunner.Run("lm", "tokenize", "--tokenizer", vocab, "--in", input, "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        using var stream = File.OpenRead(output);
        var array = Npy.Read(stream);
        Assert.That(array.Dtype, Is.EqualTo("<i8"));
        Assert.That(array.Shape, Is.EqualTo(new[] { tokenizer.Encode(Text).Length }));
        Assert.That(array.Data.Select(v => (int)v), Is.EqualTo(tokenizer.Encode(Text)));
    }

    [TestCase("missing-input", "--in")]
    [TestCase("bad-extension", "--out")]
    [TestCase("missing-tokenizer", "tokenizer")]
    public void Tokenize_BadInput_OneLineExitTwoNoOutput(string kind, string mustName)
    {
        var (dir, vocab, _) = TrainedTokenizer();
        var input = Path.Combine(dir, "in.txt");
        File.WriteAllText(input, Text);
        var outDir = CliRunner.TempFolder();
        var output = Path.Combine(outDir, kind == "bad-extension" ? "ids.bin" : "ids.json");
        var args = kind switch
        {
            "missing-input" => new[] { "lm", "tokenize", "--tokenizer", vocab, "--in", Path.Combine(dir, "nope.txt"), "--out", output },
            "missing-tokenizer" => new[] { "lm", "tokenize", "--tokenizer", Path.Combine(dir, "nope.json"), "--in", input, "--out", output },
            _ => new[] { "lm", "tokenize", "--tokenizer", vocab, "--in", input, "--out", output },
        };
        var run = CliRunner.Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(run.StdErr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
            Assert.That(run.StdErr, Does.Contain(mustName).IgnoreCase);
            Assert.That(Directory.EnumerateFileSystemEntries(outDir), Is.Empty);
        });
    }
}
