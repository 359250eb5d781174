using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Corpus;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>The rival counted over the signature's own contexts (issue 27): a window of offsets
/// with their weights, on one side or both, against a direct scan of the documents that never
/// goes through <see cref="CorpusCounts"/>.</summary>
[TestFixture]
public sealed class PpmiContextProperties
{
    private static Arbitrary<(TokenCorpus Corpus, int N, int Window, ContextSides Sides, bool Harmonic)> Cases() =>
        (from c in Corpora(maxV: 7, maxDocs: 6, maxLength: 12)
         from n in Gen.Choose(1, 7)
         from w in Gen.Choose(1, 3)
         from sides in Gen.Elements(ContextSides.Next, ContextSides.Previous, ContextSides.Both)
         from harmonic in Gen.Elements(false, true)
         select (c with { Window = Math.Max(c.Window, w) }, n, w, sides, harmonic)).ToArbitrary();

    [Test]
    public void WindowedPpmi_IsThePpmiOfTheWeightedCooccurrenceOfADirectScan()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var counts = Count(t.Corpus);
            var tokens = TopTokens.Select(counts, t.N);
            var weights = t.Harmonic ? WindowWeights.Harmonic(t.Window) : WindowWeights.Uniform(t.Window);
            var ppmi = Ppmi.Compute(counts, tokens, new PpmiContext(t.Sides, weights));

            // Direct: every position t and offset k inside one document; a pair adds alpha_k to
            // (row s, context y) on the next side and to (row y, context s) on the previous side.
            int n = tokens.Length;
            var index = Enumerable.Repeat(-1, t.Corpus.V).ToArray();
            for (int i = 0; i < n; i++) index[tokens[i]] = i;
            var c = Matrix<double>.Build.Dense(n, n);
            var rowPairs = new long[n];
            bool next = t.Sides != ContextSides.Previous, previous = t.Sides != ContextSides.Next;
            foreach (var d in t.Corpus.Documents)
                for (int pos = 0; pos < d.Length; pos++)
                    for (int k = 1; k <= t.Window && pos + k < d.Length; k++)
                    {
                        int s = index[d[pos]], y = index[d[pos + k]];
                        double alpha = weights.Alpha[k - 1];
                        if (next && s >= 0) { rowPairs[s]++; if (y >= 0) c[s, y] += alpha; }
                        if (previous && y >= 0) { rowPairs[y]++; if (s >= 0) c[y, s] += alpha; }
                    }
            var expected = Ppmi.FromCooccurrence(c);
            Require((ppmi.Matrix - expected).Enumerate().Select(Math.Abs).DefaultIfEmpty(0).Max() <= 1e-12, $"PPMI differs from the direct scan's ({t.Corpus})");
            Require(ppmi.RowPairs.SequenceEqual(rowPairs), "row pairs differ from the direct scan's");
            return true;
        }));
    }

    [Test]
    public void BothSides_RowPairs_AreTheTwoSignaturesRowPairs_AndOffset1NextIsThePlainRival()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var counts = Count(t.Corpus);
            var tokens = TopTokens.Select(counts, t.N);
            var weights = WindowWeights.Uniform(t.Window);
            var both = Ppmi.Compute(counts, tokens, new PpmiContext(ContextSides.Both, weights));
            var next = CorpusSignatures.Compute(counts, SignatureSide.Next, tokens, weights).RowPairs;
            var prev = CorpusSignatures.Compute(counts, SignatureSide.Previous, tokens, weights).RowPairs;
            Require(both.RowPairs.SequenceEqual(next.Zip(prev, (a, b) => a + b)), "both sides' row pairs are not the sum of the signatures'");
            Require(Ppmi.Compute(counts, tokens, PpmiContext.Offset1(SignatureSide.Next)).Matrix.Equals(Ppmi.Compute(counts, tokens).Matrix), "offset-1 next differs from the plain rival");
            return true;
        }));
    }

    [Test]
    public void AWindowBeyondTheCountedOne_IsRefused() =>
        Assert.That(() => Ppmi.Compute(CorpusCounts.Count([[0, 1, 0]], 2, 1, "t"), [0, 1], new PpmiContext(ContextSides.Both, WindowWeights.Uniform(2))),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("exceeds the counted window 1"));

    [Test]
    public void WindowWeights_AreEqualAsValues()
    {
        // Two separately built weightings: equal as values (experiment caches key on them).
        var first = WindowWeights.Harmonic(10);
        var second = WindowWeights.Harmonic(10);
        Assert.That(first, Is.EqualTo(second).And.Not.EqualTo(WindowWeights.Uniform(10)));
        Assert.That(first.GetHashCode(), Is.EqualTo(second.GetHashCode()));
    }
}
