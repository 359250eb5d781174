using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

[TestFixture]
public sealed class AgreementCurveProperties
{
    /// <summary>Bin means of the same numbers in the same order: equal up to rounding.</summary>
    private const double RoundingTolerance = 1e-12;

    [Test]
    public void AgreementCurve_OfAMatrixAgainstItself_IsIncreasing()
    {
        var gen = from c in SimilarityGen.Case()
                  from bins in Gen.Choose(1, 12)
                  select (Case: c, Bins: bins);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var m = t.Case.Cosine();
            var curve = AgreementCurve.Compute(m, m, t.Bins);
            int pairs = m.RowCount * (m.RowCount - 1) / 2;
            bool increasing = Enumerable.Range(1, curve.MeanObserved.Length - 1)
                .All(b => curve.MeanObserved[b] > curve.MeanObserved[b - 1]);
            bool sameAsPredicted = curve.MeanObserved.Zip(curve.MeanPredicted).All(z => Math.Abs(z.First - z.Second) <= RoundingTolerance);
            return increasing && sameAsPredicted
                && curve.Counts.Sum() == pairs
                && curve.MeanObserved.Length == Math.Min(t.Bins, pairs);
        }));
    }

    [Test]
    public void AgreementCurve_KeepsTiedPredictionsInOneBin_AndCountsEveryPair()
    {
        PropertyCheck.Run(Prop.ForAll(SimilarityGen.Pair().ToArbitrary(), t =>
        {
            var o = t.Observed.Cosine();
            var p = t.Predicted.Tied();
            var curve = AgreementCurve.Compute(o, p);
            // Strictly increasing lower edges: no predicted value starts two bins.
            bool edgesIncrease = Enumerable.Range(1, curve.BinLowerEdges.Length - 1)
                .All(b => curve.BinLowerEdges[b] > curve.BinLowerEdges[b - 1]);
            return edgesIncrease && curve.Counts.All(c => c > 0)
                && curve.Counts.Sum() == o.RowCount * (o.RowCount - 1) / 2;
        }));
    }
}
