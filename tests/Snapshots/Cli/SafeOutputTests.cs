using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// Verbs that write a folder never destroy what they did not write (issue 13, item 1) and
/// check --out before any work (item 2): a folder holding a user's files, the working
/// folder, a folder holding one of the run's inputs, a file, a missing parent. Each case
/// asserts exit 2, the message's key words, and that the folder holds exactly what it held.
/// </summary>
[TestFixture]
public sealed class SafeOutputTests
{
    private static IEnumerable<TestCaseData> ForeignFileCases()
    {
        TestCaseData Case(string name, params string[] args) => new TestCaseData((object)args).SetName(name);
        yield return Case("Signatures_Npy", "signatures", "--format", "npy");
        yield return Case("Signatures_Csv", "signatures", "--format", "csv");
        yield return Case("Train", "train", "--steps", "2");
        yield return Case("Verify", "verify", "--only", "C3");
        yield return Case("LmSignatures", "lm", "signatures", "--corpus", "brown", "--tokenizer", "qwen2.5");
        yield return Case("LmCompare", "lm", "compare", "--checkpoint", "no-such-model", "--corpus", "brown", "--tokenizer", "qwen2.5");
    }

    [TestCaseSource(nameof(ForeignFileCases))]
    public void FolderWithAUsersFile_IsRefusedBeforeWork_AndLeftAsItWas(string[] args)
    {
        var root = CliRunner.TempFolder();
        var target = Path.Combine(root, "out");
        Directory.CreateDirectory(Path.Combine(target, "chapter"));
        File.WriteAllText(Path.Combine(target, "thesis.tex"), "\\documentclass{article}");
        File.WriteAllText(Path.Combine(target, "chapter", "one.tex"), "one");
        var before = FolderContents.Of(root);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = CliRunner.Run([.. args, "--out", target]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("--out").And.Contain("did not write").And.Contain("thesis.tex").And.Contain("--overwrite"));
        Assert.That(FolderContents.Of(root), Is.EqualTo(before), "the folder changed");
        // Refused up front: no claim ran, nothing was trained or counted.
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(20));
    }

    [Test]
    public void Overwrite_WritesBesideTheUsersFiles_AndRemovesNothing()
    {
        var dir = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(dir, "thesis.tex"), "mine");
        File.WriteAllText(Path.Combine(dir, "A.npy"), "mine too");
        var run = CliRunner.Run("signatures", "--format", "npy", "--out", dir, "--overwrite");
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(dir, "thesis.tex")), Is.EqualTo("mine"));
        // A file of the same name as one of ours is replaced: that is what --overwrite asks for.
        Assert.That(File.ReadAllBytes(Path.Combine(dir, "A.npy"))[1..6], Is.EqualTo("NUMPY"u8.ToArray()));
        Assert.That(File.Exists(Path.Combine(dir, "token_mass.npy")), Is.True);
    }

    [Test]
    public void Rerun_IntoItsOwnFolder_ReplacesItsFiles_AndKeepsTheUsers()
    {
        var dir = Path.Combine(CliRunner.TempFolder(), "sig");
        Assert.That(CliRunner.Run("signatures", "--format", "npy", "--out", dir).ExitCode, Is.Zero);
        Assert.That(CliRunner.Run("signatures", "--format", "npy", "--out", dir).ExitCode, Is.Zero,
            "a second run into a folder holding only its own files needs no --overwrite");
        // Files it wrote before and does not write again are its own, so they go.
        var csv = CliRunner.Run("signatures", "--format", "csv", "--out", dir);
        Assert.That(csv.ExitCode, Is.Zero, csv.StdErr);
        Assert.That(Directory.EnumerateFiles(dir, "*.npy"), Is.Empty, "the previous run's .npy files were probsig's and are gone");
        Assert.That(Directory.EnumerateFiles(dir, "*.csv"), Is.Not.Empty);
    }

    [Test]
    public void WorkingFolder_WithFiles_IsRefused()
    {
        var dir = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "keep");
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir;
            var run = CliRunner.Run("signatures", "--format", "npy", "--out", ".");
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(run.StdErr, Does.Contain("notes.txt"));
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
        Assert.That(Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "notes.txt" }));
    }

    [Test]
    public void LmSignatures_OutFolderHoldingItsCountsInput_IsRefused()
    {
        var dir = CliRunner.TempFolder();
        var counts = Path.Combine(dir, "counts.pscounts");
        File.WriteAllText(counts, "not read: refused before");
        var run = CliRunner.Run("lm", "signatures", "--counts", counts, "--tokenizer", "qwen2.5", "--out", dir);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("an input of this run").And.Contain("counts.pscounts"));
        Assert.That(File.ReadAllText(counts), Is.EqualTo("not read: refused before"));
    }

    [Test]
    public void LmCompare_OutIntoTheCheckpoint_IsRefused()
    {
        var model = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(model, "config.json"), "{}");
        var run = CliRunner.Run("lm", "compare", "--checkpoint", model, "--corpus", "brown", "--tokenizer", "qwen2.5", "--out", model);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("an input of this run"));
        Assert.That(Directory.EnumerateFileSystemEntries(model).Select(Path.GetFileName), Is.EqualTo(new[] { "config.json" }));
    }

    [TestCase("train", "--steps", "3000")]
    [TestCase("verify")]
    public void MissingParentOrFile_IsRefusedBeforeWork(params string[] args)
    {
        var root = CliRunner.TempFolder();
        var file = Path.Combine(root, "afile");
        File.WriteAllText(file, "x");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var missing = CliRunner.Run([.. args, "--out", Path.Combine(root, "missing", "sub")]);
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.StdErr);
        Assert.That(missing.StdErr, Does.Contain("does not exist"));
        var onFile = CliRunner.Run([.. args, "--out", file]);
        Assert.That(onFile.ExitCode, Is.EqualTo(2), onFile.StdErr);
        Assert.That(onFile.StdErr, Does.Contain("is a file"));
        Assert.That(onFile.StdOut, Does.Not.Contain("as expected"), "verify must not run the claims first");
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(20), "checked before the work, not after");
        Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
    }

    [TestCase("train", "--steps", "3000")]
    [TestCase("verify", "--only", "C3")]
    public void FolderHeldByAnotherRun_IsRefusedAtOnce(params string[] args)
    {
        var target = Path.Combine(CliRunner.TempFolder(), "out");
        using (ProbSig.Cli.Output.OutputLock.Acquire(target, "held by this test"))
        {
            var run = CliRunner.Run([.. args, "--out", target]);
            Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
            Assert.That(run.StdErr, Does.Contain("in use by another probsig run (probsig held by this test"));
        }
        Assert.That(Directory.Exists(target), Is.False);
    }

    [Test]
    public void SingleFile_ReplacedOnlyWithOverwrite()
    {
        var file = Path.Combine(CliRunner.TempFolder(), "p.json");
        File.WriteAllText(file, "mine");
        var refused = CliRunner.Run("predict", "--out", file);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.StdErr);
        Assert.That(refused.StdErr, Does.Contain("exists").And.Contain("--overwrite"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("mine"));
        var replaced = CliRunner.Run("predict", "--out", file, "--overwrite");
        Assert.That(replaced.ExitCode, Is.Zero, replaced.StdErr);
        Assert.That(File.ReadAllText(file), Does.StartWith("{"));
    }

    /// <summary>Files another verb wrote are not this verb's: a `signatures` run into a `train` folder is refused, and the run's files stay.</summary>
    [Test]
    public void FolderOfAnotherVerb_IsRefused()
    {
        var dir = Path.Combine(CliRunner.TempFolder(), "run");
        Assert.That(CliRunner.Run("train", "--steps", "2", "--out", dir).ExitCode, Is.Zero);
        var before = FolderContents.Of(dir);
        var run = CliRunner.Run("signatures", "--format", "npy", "--out", dir);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("did not write"));
        Assert.That(FolderContents.Of(dir), Is.EqualTo(before));
        Assert.That(CliRunner.Run("train", "--steps", "3", "--out", dir).ExitCode, Is.Zero, "the same verb may write its folder again");
    }
}
