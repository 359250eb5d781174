using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Decompositions;
using ProbSig.Theory.Geometry;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// The count-based rival (THEORY 3.4; Levy, Goldberg &amp; Dagan 2015), defined once: the
/// truncated SVD of a PPMI matrix, PPMI ~ U_k S_k V_k^T, gives word vectors W = U_k S_k^p
/// (their eigenvalue weighting; p = 0.5 by default, their recommended setting; p = 1 gives rows
/// whose Gram at full rank equals the PPMI rows' Gram, p = 0 gives U_k), compared by their
/// <see cref="RowCosine"/>. How the SVD is solved is the caller's choice of
/// <see cref="SvdSolver"/>: `lm signatures`, `lm compare` and the LM claims use libtorch's
/// (Empirics, exact, about 1.3 s at N = 2048 on 2 cores), tests the managed <see cref="ExactSvdSolver"/>
/// (about 80 s at N = 2048); <see cref="RandomisedSvdSolver"/> is too inexact for a baseline
/// at N = 2048 (see there).
/// <para>Two cosines: <see cref="Cosine"/> of the vectors as they are, and <see cref="CentredCosine"/>
/// after subtracting their mean the way the signature rows are centred (THEORY 3.4: weighted by
/// the pairs each token conditions on the PPMI's side, over defined rows). A rank sweep takes one
/// SVD at the largest rank and <see cref="Truncate(int, double)"/>s it.</para>
/// </summary>
public sealed class PpmiSvd
{
    public const int DefaultRank = 64;
    public const double DefaultEigenvalueWeight = 0.5;

    /// <summary>A defined token whose vector is at or below this norm points nowhere (the cosine's
    /// zero-norm tolerance). PPMI entries are logs of ratios, O(1), so a real row's projection
    /// lies orders of magnitude above; the value is the one corpus signature rows use.</summary>
    public const double ZeroRowNorm = CorpusSignatureSimilarity.ZeroRowNorm;

    public IReadOnlyList<int> Tokens { get; }
    public int Rank { get; }
    public double EigenvalueWeight { get; }

    /// <summary>Leading singular values, descending.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>N x k word vectors U_k S_k^p.</summary>
    public Matrix<double> Embeddings { get; }

    public IReadOnlyList<bool> IsDefined { get; }

    /// <summary>The solver's <see cref="SvdSolver.Name"/>.</summary>
    public string Solver { get; }

    /// <summary>The PPMI's contexts (<see cref="Ppmi.Context"/>).</summary>
    public PpmiContext Context => _ppmi.Context;

    /// <summary>The weights of the centre, <see cref="Ppmi.RowPairs"/>.</summary>
    public IReadOnlyList<long> RowPairs => _ppmi.RowPairs;

    private readonly Ppmi _ppmi;
    private readonly LeadingSingularModes _modes;

    private PpmiSvd(Ppmi ppmi, int rank, double p, LeadingSingularModes modes, string solver)
    {
        _ppmi = ppmi;
        _modes = modes;
        Tokens = ppmi.Tokens;
        Rank = rank;
        EigenvalueWeight = p;
        SingularValues = modes.Values.ToArray();
        var w = modes.Left.Clone();
        for (int j = 0; j < rank; j++) w.SetColumn(j, modes.Left.Column(j) * Math.Pow(modes.Values[j], p));
        Embeddings = w;
        IsDefined = ppmi.IsDefined;
        Solver = solver;
    }

    /// <summary>The rival of <paramref name="ppmi"/> at rank <paramref name="rank"/>, its SVD solved by <paramref name="solver"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rank is not 1..N, or the weight is not finite.</exception>
    public static PpmiSvd Compute(Ppmi ppmi, SvdSolver solver, int rank = DefaultRank, double eigenvalueWeight = DefaultEigenvalueWeight)
    {
        ArgumentNullException.ThrowIfNull(ppmi);
        ArgumentNullException.ThrowIfNull(solver);
        if (rank < 1 || rank > ppmi.Tokens.Count)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be 1..{ppmi.Tokens.Count}");
        if (!double.IsFinite(eigenvalueWeight))
            throw new ArgumentOutOfRangeException(nameof(eigenvalueWeight), eigenvalueWeight, "the eigenvalue weight p must be finite");
        return new PpmiSvd(ppmi, rank, eigenvalueWeight, solver.Leading(ppmi.Matrix, rank), solver.Name);
    }

    /// <summary>
    /// The rival at the lower rank <paramref name="rank"/> from this one's leading modes, with no new
    /// SVD. Equal to a separate computation at that rank whenever the solver's leading modes do not
    /// depend on the rank asked for: true of <see cref="ExactSvdSolver"/> and libtorch's, which both
    /// take a full decomposition (the SVD; the Gram's eigendecomposition) and keep its leading
    /// columns; not of <see cref="RandomisedSvdSolver"/>,
    /// whose sketch grows with the rank (there the truncation is the more accurate one).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rank is not 1..<see cref="Rank"/>.</exception>
    public PpmiSvd Truncate(int rank) => Truncate(rank, EigenvalueWeight);

    /// <summary>As <see cref="Truncate(int)"/>, with the vectors U_k S_k^p of another eigenvalue weight
    /// <paramref name="eigenvalueWeight"/> (the hyperwords sweep p in {0, 0.5, 1} from one SVD).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rank is not 1..<see cref="Rank"/>, or the weight is not finite.</exception>
    public PpmiSvd Truncate(int rank, double eigenvalueWeight)
    {
        if (rank < 1 || rank > Rank) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be 1..{Rank}");
        if (!double.IsFinite(eigenvalueWeight))
            throw new ArgumentOutOfRangeException(nameof(eigenvalueWeight), eigenvalueWeight, "the eigenvalue weight p must be finite");
        var modes = new LeadingSingularModes(_modes.Values.Take(rank).ToArray(), _modes.Left.SubMatrix(0, _modes.Left.RowCount, 0, rank));
        return new PpmiSvd(_ppmi, rank, eigenvalueWeight, modes, Solver);
    }

    /// <summary>N x N cosine of the word vectors (NaN for undefined tokens).</summary>
    public Matrix<double> Cosine() => RowCosine.Of(Embeddings, IsDefined, null, ZeroRowNorm);

    /// <summary>The centre: the mean of the defined vectors weighted by <see cref="RowPairs"/>
    /// (length k), as the signature rows are centred (<see cref="CorpusSignatureSimilarity.MeanDistribution"/>).</summary>
    public Vector<double> WeightedMeanRow() =>
        RowCosine.WeightedMeanRow(Embeddings, IsDefined, RowPairs.Select(w => (double)w).ToArray());

    /// <summary>N x k: each defined vector minus <see cref="WeightedMeanRow"/>; undefined rows as they are.</summary>
    public Matrix<double> CentredEmbeddings()
    {
        var mean = WeightedMeanRow();
        var x = Embeddings.Clone();
        for (int i = 0; i < x.RowCount; i++)
            if (IsDefined[i]) x.SetRow(i, x.Row(i) - mean);
        return x;
    }

    /// <summary>N x N cosine of the centred vectors (<see cref="CentredEmbeddings"/>; NaN for undefined tokens).</summary>
    public Matrix<double> CentredCosine() => RowCosine.Of(Embeddings, IsDefined, WeightedMeanRow(), ZeroRowNorm);
}
