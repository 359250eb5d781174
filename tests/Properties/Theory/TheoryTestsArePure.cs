using System.Runtime.CompilerServices;
using NUnit.Framework;

namespace ProbSig.Tests.Properties.Theory;

/// <summary>
/// The Theory properties are pure: fast, data only, runnable without libtorch or npm. They
/// live under tests/Properties/Theory, apart from the Empirics and Verification tests, and
/// this test keeps them so by reading their sources: none may name TorchSharp, Empirics,
/// Verification or the npm packages.
/// </summary>
public sealed class TheoryTestsArePure
{
    private static readonly string[] Forbidden = ["TorchSharp", "ProbSig.Empirics", "ProbSig.Verification", "NpmPackage"];

    [Test]
    public void TheoryTestSources_NameNoTorchNoEmpiricsNoNpm()
    {
        var folder = Path.GetDirectoryName(ThisFile())!;
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != Path.GetFileName(ThisFile())).ToArray();
        Assert.That(sources, Is.Not.Empty, $"no test sources under {folder}");
        var offending = sources
            .SelectMany(f => Forbidden.Where(word => File.ReadAllText(f).Contains(word, StringComparison.Ordinal))
                .Select(word => $"{Path.GetRelativePath(folder, f)} names {word}"))
            .ToArray();
        Assert.That(offending, Is.Empty, "Theory tests must stay pure; move these to tests/Properties/Empirics or Verification");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
