using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Training;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

[TestFixture]
public sealed class TrainingWindowsTests
{
    private const int T = 8;

    /// <summary>Document k holds the ids 1000 k, 1000 k + 1, ...: a window is inside one
    /// document exactly when its ids are consecutive and share the thousands.</summary>
    private static TokenDocuments Numbered(params int[] lengths) =>
        new(lengths.Select((n, k) => Enumerable.Range(1000 * k, n).ToArray()), 1000 * lengths.Length, "test");

    [Test]
    public void EveryWindow_LiesInsideOneDocument()
    {
        var windows = Numbered(9, 30, 5, 100, 12).Windows(T);
        for (int step = 1; step <= 200; step++)
        {
            var batch = windows.TrainingBatch(seed: 7, step, batchSize: 4);
            Assert.That(batch, Has.Length.EqualTo(4 * (T + 1)));
            for (int row = 0; row < 4; row++)
            {
                var w = batch.Skip(row * (T + 1)).Take(T + 1).ToArray();
                for (int i = 1; i <= T; i++)
                {
                    Assert.That(w[i], Is.EqualTo(w[i - 1] + 1), $"step {step} row {row} crosses a document boundary");
                    Assert.That(w[i] / 1000, Is.EqualTo(w[0] / 1000));
                }
            }
        }
    }

    [Test]
    public void ShortDocuments_AreSkippedAndCounted()
    {
        // Lengths 9 (exactly T + 1: one window), 5 and 8 (too short).
        var windows = Numbered(9, 5, 8, 20).Windows(T);
        Assert.That(windows.SkippedDocuments, Is.EqualTo(2));
        Assert.That(windows.UsableDocuments, Is.EqualTo(2));
        Assert.That(windows.Count, Is.EqualTo(1 + 12));
        var seen = new HashSet<long>();
        for (int step = 1; step <= 500; step++) seen.Add(windows.TrainingBatch(1, step, 1)[0]);
        Assert.That(seen, Is.SubsetOf(new long[] { 0 }.Concat(Enumerable.Range(3000, 12).Select(i => (long)i))));
        Assert.That(seen, Has.Count.EqualTo(13), "every start position is drawn");
    }

    [Test]
    public void Batches_AreAPureFunctionOfSeedStepAndRow()
    {
        var a = Numbered(50, 70, 90).Windows(T);
        var b = Numbered(50, 70, 90).Windows(T);
        // Out of order on the second instance: no hidden generator state.
        foreach (var step in new[] { 5, 1, 300, 2 })
            Assert.That(b.TrainingBatch(3, step, 6), Is.EqualTo(a.TrainingBatch(3, step, 6)));
        Assert.That(a.TrainingBatch(3, 1, 6), Is.Not.EqualTo(a.TrainingBatch(3, 2, 6)));
        Assert.That(a.TrainingBatch(3, 1, 6), Is.Not.EqualTo(a.TrainingBatch(4, 1, 6)));
        // Row r of a larger batch is row r of a smaller one.
        Assert.That(a.TrainingBatch(3, 9, 8).Take(4 * (T + 1)), Is.EqualTo(a.TrainingBatch(3, 9, 4)));
    }

    [Test]
    public void Draws_AreUniformOverStartPositions()
    {
        // Documents with 10 and 30 start positions: 1/4 and 3/4 of the draws.
        var windows = Numbered(T + 10, T + 30).Windows(T);
        int first = 0, n = 20000;
        for (int step = 1; step <= n; step++) if (windows.TrainingBatch(11, step, 1)[0] < 1000) first++;
        // Binomial sd at n = 20000, p = 0.25: 0.003; 5 sd.
        Assert.That(first / (double)n, Is.EqualTo(0.25).Within(0.015));
    }

    [Test]
    public void EvaluationWindows_AreFixedAndDifferFromTraining()
    {
        var windows = Numbered(60, 60).Windows(T);
        var again = Numbered(60, 60).Windows(T);
        Assert.That(again.EvaluationBatch(2, 0, 5), Is.EqualTo(windows.EvaluationBatch(2, 0, 5)));
        Assert.That(windows.EvaluationBatch(2, 3, 2), Is.EqualTo(windows.EvaluationBatch(2, 0, 5).Skip(3 * (T + 1))));
        Assert.That(windows.EvaluationBatch(2, 0, 5), Is.Not.EqualTo(windows.TrainingBatch(2, 0, 5)));
    }

    [Test]
    public void HeldOut_IsTheLastDocuments()
    {
        var docs = Numbered(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        var (train, held) = docs.SplitHeldOut(0.2);
        Assert.That(train.Count, Is.EqualTo(8));
        Assert.That(held.Count, Is.EqualTo(2));
        Assert.That(held[0][0], Is.EqualTo(8000));
        Assert.That(train.TokenCount + held.TokenCount, Is.EqualTo(docs.TokenCount));
        Assert.That(docs.SplitHeldOut(0.001).HeldOut.Count, Is.EqualTo(1), "at least one document is held out");
        Assert.Throws<ArgumentException>(() => docs.SplitHeldOut(1.0));
    }

    [Test]
    public void NoLongDocument_IsAClearError()
    {
        var windows = Numbered(3, 4).Windows(T);
        var e = Assert.Throws<InvalidOperationException>(() => windows.TrainingBatch(0, 1, 1));
        Assert.That(e!.Message, Does.Contain("2 documents, all too short"));
    }

    [Test]
    public void OutOfRangeIds_AreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TokenDocuments(new[] { new[] { 0, 5 } }, 5, "t"));
        Assert.That(e!.Message, Does.Contain("token id 5"));
    }
}
