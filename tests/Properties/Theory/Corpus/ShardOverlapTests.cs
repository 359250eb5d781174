using NUnit.Framework;
using ProbSig.Theory.Corpus;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>ShardSelector.Overlaps against brute force, and Merge refusing overlapping parts.</summary>
[TestFixture]
public sealed class ShardOverlapTests
{
    [Test]
    public void Overlaps_EqualsBruteForceOverPositions()
    {
        for (int n = 1; n <= 9; n++)
            for (int m = 1; m <= 9; m++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++)
                    {
                        // Within n*m positions every residue pair that can occur does (CRT).
                        bool brute = Enumerable.Range(0, n * m).Any(p => p % n == i && p % m == j);
                        Assert.That(new ShardSelector(i, n).Overlaps(new ShardSelector(j, m)), Is.EqualTo(brute), $"{i}/{n} vs {j}/{m}");
                    }
    }

    private static CorpusCounts Counted(ShardSelector shard)
    {
        int[][] docs = [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 1, 2], [2, 2, 3], [3, 3, 1], [1, 3, 2], [2, 1, 3]];
        return CorpusCounts.Count(docs, 4, 1, "test", shard);
    }

    [TestCase(0, 2, 0, 4)]
    [TestCase(1, 3, 1, 3)]
    [TestCase(0, 1, 0, 1)]
    [TestCase(0, 1, 2, 5)]
    public void Merge_OfOverlappingParts_IsRefused(int i, int n, int j, int m)
    {
        var held = Counted(new ShardSelector(i, n));
        var e = Assert.Throws<InvalidOperationException>(() => held.Merge(Counted(new ShardSelector(j, m))));
        Assert.That(e!.Message, Does.Contain("overlaps").And.Contain("twice"));
    }

    [Test]
    public void Merge_OfDisjointParts_EqualsOnePass()
    {
        var total = Counted(new ShardSelector(0, 2));
        total.Merge(Counted(new ShardSelector(1, 4)));
        total.Merge(Counted(new ShardSelector(3, 4)));
        Assert.That(total.CountsEqual(Counted(ShardSelector.All)), Is.True);
    }
}
