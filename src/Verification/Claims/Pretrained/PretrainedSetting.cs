using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Verification.Claims.Language;

namespace ProbSig.Verification.Claims.Pretrained;

/// <summary>
/// One table and its compared tokens seen through a <see cref="ClaimContext"/> for one seed:
/// references, comparisons and rival figures by name, each computed once per process and
/// shared by every claim that asks (C23 and C25 ask for the same GloVe figures).
/// </summary>
internal sealed class PretrainedSetting(ClaimContext context, PretrainedSelection selection)
{
    /// <summary>GloVe's word vectors against Brown, counted over GloVe's own window.</summary>
    public static PretrainedSetting Glove(ClaimContext context, int seed) =>
        new(context, new(PretrainedScale.Glove, PretrainedScale.Brown, null, PretrainedScale.GloveWindow, seed));

    /// <summary>MiniLM's word pieces against Brown, offset 1.</summary>
    public static PretrainedSetting MiniLm(ClaimContext context, int seed) =>
        new(context, new(PretrainedScale.MiniLm, PretrainedScale.Brown, null, 1, seed));

    /// <summary>GloVe's word vectors over the tokens frequent in both Brown and SOTU.</summary>
    public static PretrainedSetting GloveBrownSotu(ClaimContext context, int seed) =>
        new(context, new(PretrainedScale.Glove, PretrainedScale.Brown, PretrainedScale.Sotu, PretrainedScale.GloveWindow, seed));

    /// <summary>What is compared.</summary>
    public PretrainedSelection Selection { get; } = selection;

    /// <summary>The compared tokens and the observed structure.</summary>
    public PretrainedSelectionResult Tokens => context.Measure(Selection);

    /// <summary>A corpus's counts (the selection's first corpus by default).</summary>
    public PretrainedCorpusCounts Counts(SourceDescription? corpus = null) => context.Measure(Selection.CountsOf(corpus ?? Selection.Corpus));

    /// <summary>The name of the windowed two-sided signature.</summary>
    public string Windowed => $"next_w{Selection.Window}+previous_w{Selection.Window}";

    /// <summary>A reference by name, from <paramref name="counted"/>'s counts (the first corpus's by default).</summary>
    public CorpusReference Reference(string name, SourceDescription? counted = null) => context.Measure(Key(name, counted));

    /// <summary>The observed structure against a reference, with the stratified null.</summary>
    public StructureComparison Compare(string name, SourceDescription? counted = null) => context.Measure(new PretrainedComparison(Key(name, counted)));

    /// <summary>Spearman against a reference, no null.</summary>
    public double Spearman(string name, SourceDescription? counted = null) => context.Measure(new PretrainedSpearman(Key(name, counted))).Value;

    /// <summary>The contexts the two-sided signature the table is judged by is counted over (both sides, the
    /// selection's window and weights): those the PPMI-SVD rival is matched to.</summary>
    public PpmiContext MatchedContexts => new(ContextSides.Both, PretrainedScale.Weights(Selection.Window));

    /// <summary>The matched centred PPMI-SVD rival (<see cref="MatchedContexts"/>) that ranks the table best over
    /// the sweep of <see cref="LanguageModelRivals"/>; each figure into <paramref name="details"/>.</summary>
    public (string Name, double Spearman) BestPpmi(IDictionary<string, double> details, string prefix) =>
        LanguageModelRivals.Best(LanguageModelRivals.Sweep(MatchedContexts, Tokens.Tokens.Length), name => Spearman(name), details, prefix);

    /// <summary>The rivals of one seed: frequency and the best PPMI-SVD, each also into <paramref name="details"/>.</summary>
    public Dictionary<string, double> Rivals(IDictionary<string, double> details, string prefix = "")
    {
        var rivals = new Dictionary<string, double>
        {
            [PretrainedReference.Frequency] = Spearman(PretrainedReference.Frequency),
            [LanguageModelRivals.BestPpmi] = BestPpmi(details, prefix).Spearman,
        };
        foreach (var (name, value) in rivals) details[$"{prefix}rival_{name}_spearman"] = value;
        return rivals;
    }

    private PretrainedReference Key(string name, SourceDescription? counted) => new(Selection, counted ?? Selection.Corpus, name);
}
