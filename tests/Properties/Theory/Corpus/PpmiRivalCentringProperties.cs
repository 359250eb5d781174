using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Decompositions;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>THEORY 3.4's rival as the signatures are compared: either side of the pair, its
/// vectors centred by their pair-weighted mean, and a rank sweep read off one SVD.</summary>
[TestFixture]
public sealed class PpmiRivalCentringProperties
{
    private static Arbitrary<(TokenCorpus Corpus, int N, int Rank, SignatureSide Side)> Cases() =>
        (from c in Corpora(maxV: 8, maxDocs: 8, maxLength: 14)
         from n in Gen.Choose(1, 8)
         from rank in Gen.Choose(1, 8)
         from side in Gen.Elements(SignatureSide.Next, SignatureSide.Previous)
         select (c, n, rank, side)).ToArbitrary();

    [Test]
    public void PreviousSide_IsTheNextSideOfTheReversedCorpus_AndRowPairsAreTheSignatures()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var counts = Count(t.Corpus);
            var reversed = Count(t.Corpus with { Documents = t.Corpus.Documents.Select(d => d.Reverse().ToArray()).ToArray() });
            var tokens = TopTokens.Select(counts, t.N);
            var previous = Ppmi.Compute(counts, tokens, side: SignatureSide.Previous);
            var next = Ppmi.Compute(reversed, tokens);
            Require(previous.Context.Sides == ContextSides.Previous && next.Context.Sides == ContextSides.Next, "sides");
            Require(previous.Matrix.Equals(next.Matrix), "previous-side PPMI differs from the reversed corpus's next side");
            Require(previous.RowPairs.SequenceEqual(next.RowPairs) && previous.IsDefined.SequenceEqual(next.IsDefined), "row pairs or defined rows differ");
            foreach (var side in new[] { SignatureSide.Next, SignatureSide.Previous })
                Require(Ppmi.Compute(counts, tokens, side: side).RowPairs.SequenceEqual(CorpusSignatures.Compute(counts, side, tokens, WindowWeights.Uniform(1)).RowPairs),
                    $"{side} row pairs are not the signatures' RowPairs");
            return true;
        }));
    }

    [Test]
    public void CentredVectors_HaveWeightedMeanZero_AndTheirCosineIsTheDirectOne()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var ppmi = Ppmi.Compute(Count(t.Corpus), t.N, side: t.Side);
            int n = ppmi.Tokens.Count;
            if (n == 0) return true; // an empty corpus has no tokens to embed
            var svd = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, Math.Min(t.Rank, n));
            var x = svd.CentredEmbeddings();
            var weighted = Vector<double>.Build.Dense(x.ColumnCount);
            double total = 0, scale = svd.Embeddings.Enumerate().Select(Math.Abs).DefaultIfEmpty().Max();
            for (int i = 0; i < n; i++)
                if (svd.IsDefined[i]) { weighted += x.Row(i) * svd.RowPairs[i]; total += svd.RowPairs[i]; }
            if (total > 0)
                Require((weighted / total).AbsoluteMaximum() <= 1e-14 * Math.Max(scale, 1), $"weighted mean of the centred vectors is {(weighted / total).AbsoluteMaximum():E3}");
            var cos = svd.CentredCosine();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    if (!svd.IsDefined[i] || !svd.IsDefined[j]) { Require(double.IsNaN(cos[i, j]), $"undefined ({i}, {j}) is {cos[i, j]}"); continue; }
                    double ni = x.Row(i).L2Norm(), nj = x.Row(j).L2Norm();
                    double expected = i == j ? 1 : ni <= PpmiSvd.ZeroRowNorm || nj <= PpmiSvd.ZeroRowNorm ? 0 : x.Row(i).DotProduct(x.Row(j)) / (ni * nj);
                    Require(Math.Abs(cos[i, j] - expected) <= 1e-12, $"centred cosine ({i}, {j}) {cos[i, j]}, direct {expected}");
                }
            return true;
        }));
    }

    [Test]
    public void Truncate_IsASeparateComputationAtTheLowerRank_BitForBit()
    {
        // The exact solver keeps the leading columns of one full SVD, so nothing can differ.
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var ppmi = Ppmi.Compute(Count(t.Corpus), t.N, side: t.Side);
            int n = ppmi.Tokens.Count;
            if (n == 0) return true;
            int k = Math.Min(t.Rank, n);
            var cut = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, n).Truncate(k);
            var separate = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, k);
            Require(cut.Rank == k && cut.SingularValues.SequenceEqual(separate.SingularValues) && cut.Embeddings.Equals(separate.Embeddings), "modes differ");
            Require(cut.CentredCosine().ToColumnMajorArray().SequenceEqual(separate.CentredCosine().ToColumnMajorArray()), "centred cosines differ");
            return true;
        }));
    }
}
