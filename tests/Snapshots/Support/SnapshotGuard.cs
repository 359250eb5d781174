using System.Runtime.CompilerServices;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace ProbSig.Tests.Snapshots.Support;

/// <summary>
/// Snapshooter writes a missing snapshot and passes. On a developer machine that is how
/// a new snapshot is made; in CI (CI=true) a missing snapshot means it was never
/// reviewed and committed, so the test fails instead.
/// </summary>
public static class SnapshotGuard
{
    public static void Match(object? value, [CallerFilePath] string sourceFile = "", [CallerMemberName] string member = "")
    {
        var className = TestContext.CurrentContext.Test.ClassName!.Split('.').Last();
        var expected = Path.Combine(Path.GetDirectoryName(sourceFile)!, "__snapshots__", $"{className}.{member}.snap");
        if (FigureSnapshot.IsCi() && !File.Exists(expected))
            Assert.Fail($"snapshot {expected} is missing; run the tests locally (without CI=true) to create it, review it, and commit it");
        Snapshot.Match(value!);
    }

}
