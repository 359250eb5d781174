using System.Diagnostics;
using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// A full disk (issue 13, item 7): on a small tmpfs, a verb that runs out of space ends with
/// exit 2 naming the problem and leaves nothing behind, neither a partial file nor an empty
/// folder. Mounting needs root (or CAP_SYS_ADMIN); where the test cannot mount, it is
/// skipped with that reason.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DiskFullTests
{
    private string mountPoint = "";

    [SetUp]
    public void MountSmallDisk()
    {
        mountPoint = CliRunner.TempFolder();
        if (!OperatingSystem.IsLinux()) Assert.Ignore("tmpfs is Linux's");
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint);
        if (code != 0) Assert.Ignore($"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {error.Trim()}");
    }

    [TearDown]
    public void Unmount()
    {
        if (mountPoint.Length == 0) return;
        Run("umount", mountPoint);
        try { Directory.Delete(mountPoint, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Error) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    private void AssertNothingLeft() =>
        Assert.That(Directory.EnumerateFileSystemEntries(mountPoint), Is.Empty, "nothing left on the full disk");

    [Test]
    public void Signatures_OnAFullDisk_ExitTwo_NothingLeft()
    {
        // Eight 104 x 104 float64 matrices (about 700 KB) do not fit in 512 KB.
        var run = CliRunner.Run("signatures", "--format", "npy", "--out", Path.Combine(mountPoint, "sig"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("No space left on device").And.Not.Contain("unexpected error").And.Not.Contain(".tmp-"));
        AssertNothingLeft();
    }

    [Test]
    public void LmTrain_FirstCheckpointOnAFullDisk_ExitTwo_NothingLeft()
    {
        var corpus = Path.Combine(CliRunner.TempFolder(), "corpus");
        Directory.CreateDirectory(corpus);
        var rng = new Random(3);
        string[] words = ["the", "key", "anchor", "adds", "five", "label", "signature", "embedding"];
        for (int d = 0; d < 8; d++)
            File.WriteAllText(Path.Combine(corpus, $"d{d}.txt"), string.Join(" ", Enumerable.Range(0, 200).Select(_ => words[rng.Next(words.Length)])));
        // The tokenizer files fit; the cpu-tiny checkpoint (about 2 MB) does not.
        var run = CliRunner.Run("lm", "train", "--corpus", corpus, "--tokenizer", "bpe:300", "--steps", "2", "--batch", "2", "--seq", "16",
            "--threads", "1", "--out", Path.Combine(mountPoint, "run"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("No space left on device").And.Not.Contain("unexpected error").And.Not.Contain(".tmp-"));
        AssertNothingLeft();
    }
}
