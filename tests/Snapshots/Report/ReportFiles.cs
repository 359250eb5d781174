using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Report;

/// <summary>Checks on written figure files.</summary>
internal static class ReportFiles
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file is a PNG (signature) of a plausible size for a drawn figure.</summary>
    public static void AssertPng(string path)
    {
        Assert.That(File.Exists(path), Is.True, path);
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8).ToArray(), Is.EqualTo(PngSignature), $"{path} does not start with the PNG signature");
        // A blank 500 x 500 PNG compresses to about 2 kB; drawn axes, text and cells take more.
        Assert.That(bytes.Length, Is.InRange(5_000, 5_000_000), $"{path}: {bytes.Length} bytes");
    }

    /// <summary>Nothing of an atomic write is left beside <paramref name="path"/>: no folder, no temporary sibling.</summary>
    public static void AssertNothingLeft(string path)
    {
        Assert.That(Directory.Exists(path), Is.False, $"{path} exists");
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var leftovers = Directory.Exists(parent)
            ? Directory.GetFileSystemEntries(parent, $".{Path.GetFileName(path)}.*")
            : [];
        Assert.That(leftovers, Is.Empty);
    }
}
