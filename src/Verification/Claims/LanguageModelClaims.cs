using ProbSig.Theory.Corpus;
using ProbSig.Verification.Claims.Language;

namespace ProbSig.Verification.Claims;

/// <summary>
/// Claims C9 to C14, C20 and C21: Qwen2-architecture language models trained on the Brown
/// corpus against the corpus's probability signatures (THEORY 3.4). Each row states the
/// paper's or THEORY's prediction first, then the null it must beat (token identities
/// permuted within frequency strata, so that a frequency effect cannot pass) and the rivals
/// reported beside it (<see cref="LanguageModelRivals"/>). Every claim shares one corpus state
/// and, per training seed, two models, one untied and one tied, trained once per process (see
/// <see cref="LanguageModelSetting"/>). A default run trains one seed per claim (the report
/// states which); the tolerances come from five training seeds (`verify --seeds 0,1,2,3,4`),
/// recorded in each row.
/// </summary>
public static class LanguageModelClaims
{
    /// <summary>The null every LM agreement states: the signature's token identities permuted
    /// within the frequency strata, at p &lt;= 0.01 in every seed.</summary>
    private static NullTest StratifiedNull(string of) => new(
        $"token identities of {of} permuted within {LanguageModelScale.Cpu.FrequencyStrata} equal-count frequency strata of the compared tokens "
        + "(rows and columns together)", 0.01, LanguageModelScale.Cpu.Permutations);

    /// <summary>The training seed of a default run, and those the tolerances were measured on.</summary>
    public static readonly IReadOnlyList<int> DefaultSeeds = [0];

    /// <summary>Seeds apart from those findings were read off (C21's confirmation): 5-9, a default run trains 5.</summary>
    public static readonly IReadOnlyList<int> FreshSeeds = [5];

    /// <summary>The claims of this family, at CPU scale, at the longer CPU scale and at paper scale (the same predictions).</summary>
    public static IReadOnlyList<IClaim> All() => [.. For(ClaimScale.Cpu), .. For(ClaimScale.CpuLong), .. For(ClaimScale.Paper)];

    /// <summary>A claim of <paramref name="scale"/>. At paper scale no claim has been run, so each
    /// expects the verdict its own prediction states (HOLDS). At cpu-long each expects what its
    /// one reviewed run earned (<see cref="CpuLongVerdicts"/>, README "Longer training").</summary>
    private static Claim Make(ClaimScale scale, ClaimDefinition definition, Func<ClaimDefinition, ClaimContext, ClaimMeasurement> measure) =>
        new(scale == ClaimScale.Cpu ? definition : definition with
        {
            Scale = scale,
            Experiment = Experiment(LanguageModelScale.Of(scale).ForSeed(definition.Seeds[0])),
            Expected = scale == ClaimScale.CpuLong ? CpuLongVerdicts[definition.Id].Verdict : Verdict.Holds,
            ExpectedReason = scale == ClaimScale.CpuLong ? CpuLongVerdicts[definition.Id].Reason : "",
        }, measure);

    /// <summary>What the one cpu-long run (10,000 steps, seed 0, C21 seed 5, 2-core machine,
    /// December 2026) earned, claim by claim: the figures the reason quotes, one seed only.</summary>
    private static readonly Dictionary<string, (Verdict Verdict, string Reason)> CpuLongVerdicts = new()
    {
        ["C9"] = (Verdict.Refuted, "measured at cpu-long: Spearman 0.131 (cpu 0.447): 25 times more training takes the embedding away from the one-step signature"),
        ["C10"] = (Verdict.Refuted, "measured at cpu-long: Spearman 0.212 (cpu 0.442)"),
        ["C11"] = (Verdict.Refuted, "measured at cpu-long: |Spearman(PC1, digit)| 0.442"),
        ["C12"] = (Verdict.Refuted, "measured at cpu-long: difference 0.008 (cpu 0.046)"),
        ["C13"] = (Verdict.Refuted, "measured at cpu-long: tied flow minus the best signature -0.041"),
        ["C14"] = (Verdict.Refuted, "measured at cpu-long: the centred PPMI-SVD rival ranks the embedding better than the signature (difference -0.042)"),
        ["C20"] = (Verdict.Holds, ""),
        ["C21"] = (Verdict.Refuted, "measured at cpu-long (seed 5): previous 0.159 against next 0.145, a difference of 0.015"),
        // HOLDS by a small margin (largest fall 0.019 against 0.02): the curve peaks at its first point after step 0 and then falls slowly.
        ["C22"] = (Verdict.Holds, ""),
    };

    private static IReadOnlyList<IClaim> For(ClaimScale scale) =>
    [
        Make(scale, new(
            "C9",
            "LM embeddings follow next-token signatures beyond frequency",
            "(The paper's headline, THEORY 3.4.) In a Qwen2-architecture model trained on Brown's informative prose, the cosine between token embeddings ranks "
            + "the pairs of the 1024 most frequent training tokens like the cosine between their centred next-token signatures: Spearman at least 0.30 in every "
            + "training seed, beating a null that permutes token identities only within frequency strata.",
            Experiment(LanguageModelScale.Cpu),
            "Spearman(cosine of centred embedding rows, centred next-token signature cosine) over the 523,776 pairs of the top-1024 training tokens, "
            + "untied model; mean over seeds",
            new Tolerance(Bound.AtLeast, 0.30, "Limit 0.30 kept from the claim's first statement, before these seeds ran. Measured over training seeds 0-4: "
                + "0.447, 0.400, 0.481, 0.439, 0.475 (mean 0.448); frequency-stratified null mean 0.002, sd 0.002, p = 0.005 (the floor of 199 draws) in every "
                + "seed; the lowest seed 0.10 above the limit. Rivals, mean over seeds: frequency 0.031, untrained 0.064, the centred PPMI-SVD of the same offset-1 pairs at the best of its sweep (rank 4, p = 1 in seed 0) 0.522, above the "
                + "signature (C14 judges that)."),
            DefaultSeeds)
        {
            Null = StratifiedNull("the signature cosine"),
            Baselines = LanguageModelRivals.Stated(ContextSides.Next),
        },
            SignatureAgreementClaim.MeasureEmbedding),
        Make(scale, new(
            "C10",
            "LM unembeddings follow previous-token signatures beyond frequency",
            "(The paper, THEORY 3.4.) In the untied model, the cosine between output vectors (rows of lm_head.weight) ranks the pairs of the 1024 most frequent "
            + "training tokens like the cosine between their centred previous-token signatures: Spearman at least 0.33 in every training seed, beating the "
            + "frequency-stratified null.",
            Experiment(LanguageModelScale.Cpu),
            "Spearman(cosine of centred unembedding rows, centred previous-token signature cosine) over the top-1024 tokens' pairs; mean over seeds",
            new Tolerance(Bound.AtLeast, 0.33, "Limit 0.33 kept from the claim's first statement, before these seeds ran. Measured over training seeds 0-4: "
                + "0.442, 0.487, 0.462, 0.467, 0.468 (mean 0.465); frequency-stratified null mean 0.028, sd 0.003, p = 0.005 in every seed; the lowest seed 0.11 "
                + "above the limit. Rivals, mean over seeds: frequency 0.283, untrained 0.068, and the centred PPMI-SVD of the previous side at the best of its sweep 0.628, which ranks "
                + "the unembedding better than the signature does (this claim does not say otherwise; C14 asks it of the embedding only)."),
            DefaultSeeds)
        {
            Null = StratifiedNull("the signature cosine"),
            Baselines = LanguageModelRivals.Stated(ContextSides.Previous),
        },
            SignatureAgreementClaim.MeasureUnembedding),
        Make(scale, new(
            "C11",
            "digit embeddings are ordered by value",
            "(The ordered-structure prediction, as the linear model's keys show it in C3.) The embeddings of the digit tokens 0-9 in the untied model are "
            + "ordered by value along their first principal component: |Spearman(PC1 score, digit value)| at least 0.80 in every training seed.",
            Experiment(LanguageModelScale.Cpu),
            "|Spearman(PC1 score, digit value)| over the 10 digit embeddings (rows of the untied model's embedding, column-centred); mean over seeds; "
            + "the digit-value permutation null, the digits' own next-token signatures, the unembedding, the untrained and the tied model in the details",
            new Tolerance(Bound.AtLeast, 0.80, $"Limit 0.80 stated before these seeds ran: about the 1% point of the digit-value permutation null for 10 values, "
                + $"so an embedding that passes orders the digits clearly (C3's keys score 1.00). An ordering, like C3: no null is asserted, its p is reported. "
                + "Measured over training seeds 0-4: 0.600, 0.055, 0.709, 0.188, 0.733 (mean 0.457); digit-value null p = 0.07 in seed 0."),
            DefaultSeeds)
        {
            Expected = Verdict.Refuted,
            ExpectedReason = "measured: no seed of five orders the digits along PC1 (|Spearman| 0.05 to 0.73 against the limit 0.80), although digits are 1.9% "
                + "of the training tokens (each at least 781 times); the digits' own next-token signatures order them only at 0.30, so the text gives the "
                + "ordering little to follow at this training length",
        },
            DigitOrderClaim.Measure),
        Make(scale, new(
            "C12",
            "own-genre signatures predict embeddings better",
            "Next-token signatures counted on held-out documents of the model's own training genres predict its embedding cosines better than next-token "
            + "signatures counted on the other genres, both sets unseen in training and cut to the same token count: the Spearman difference is at least "
            + "0.01 in every seed, the own-genre Spearman beating the frequency-stratified null.",
            Experiment(LanguageModelScale.Cpu),
            "Spearman(embedding cosine, held-out own-genre next-token signature cosine) - Spearman(embedding cosine, other-genre next-token signature cosine), "
            + "untied model, top-1024 training tokens defined in both sets, both sets size-matched; mean over seeds; per-block differences over 10 disjoint token blocks in the details",
            new Tolerance(Bound.AtLeast, 0.01, "Limit 0.01 kept from the claim's first statement: the claim is the sign, with some room. Measured over training "
                + "seeds 0-4: 0.046, 0.048, 0.057, 0.047, 0.051 (mean 0.050); seed 0: held-out own genres 0.415 against other genres 0.369, each counted on "
                + "315,274 tokens, positive in 9 of 10 disjoint token blocks; both beat the stratified null (p = 0.005)."),
            DefaultSeeds)
        {
            Null = StratifiedNull("the own-genre signature cosine"),
            Difference = new DifferenceTest("Spearman against the own-genre signature minus Spearman against the other-genre signature"),
            Baselines = [new Baseline("next_other", "the other genres' next-token signature, counted on as many tokens")],
        },
            GenreSignatureClaim.Measure),
        Make(scale, new(
            "C13",
            "the tied flow predicts tied embeddings better than either signature alone",
            "(THEORY 3.1 tied, carried to a next-token LM by THEORY 3.4.) The cosine of exp(2t (A + A^T)), A[y, s] = pi_s (P(y | s) - 1/V) over the "
            + "compared tokens, at t = t* = ln(2 / (d s^2)) / (2 mu_max) from the tied model's width d and init std s (mu_max the top eigenvalue of A + A^T), "
            + "ranks the tied embedding's cosines better than the next-token or the previous-token signature alone, in every seed, and beats the "
            + "frequency-stratified null: next- and previous-token signatures act together.",
            Experiment(LanguageModelScale.Cpu),
            "Spearman(tied embedding cosine, tied-flow cosine at t*) - max(Spearman(tied embedding cosine, next-token signature cosine), Spearman(tied "
            + "embedding cosine, previous-token signature cosine)), top-1024 tokens; mean over seeds; t*/4, t*/2, 2 t* and the untied flow in the details",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before measurement: 'better than either alone'. Why t*: THEORY 3.1's end of the linear regime, the "
                + "latest time the leading-order flow describes and the one choice THEORY 3.4 names; t is fixed from the model's width and init std before "
                + $"the run, never fitted (the other times are reported, not judged). Measured over training seeds 0-4: -0.297, -0.263, -0.313, -0.319, -0.277 "
                + "(mean -0.294). Seed 0: t* = 173; the tied flow 0.137 (stratified null p = 0.005) against the previous-token signature 0.435 and the next-token "
                + "0.290; at t*/4, t*/2, 2 t*: 0.269, 0.210, 0.102."),
            DefaultSeeds)
        {
            Expected = Verdict.Refuted,
            ExpectedReason = "measured: the tied flow at t* beats the null but ranks the tied embedding far worse than the previous-token signature alone in "
                + "every seed (0.14 against 0.44 in seed 0), and gets worse, not better, the longer the flow runs (t*/4 0.27, 2 t* 0.10): the trained tied "
                + "embedding is not the leading-order tied flow of THEORY 3.4's A at this scale; what it follows is C21",
            Null = StratifiedNull("the tied-flow cosine"),
            Difference = new DifferenceTest("Spearman against the tied flow at t* minus the larger of the next- and previous-token signatures' (the larger on each resample)"),
            Baselines = LanguageModelRivals.Stated(ContextSides.Both),
        },
            TiedFlowClaim.Measure),
        Make(scale, new(
            "C14",
            "next-token signature beats the centred PPMI-SVD rival",
            "The centred next-token signature ranks the untied embedding's cosines better than the PPMI-SVD rival built from the same offset-1 next-side pairs, centred "
            + "like the signature, at whichever rank (2 to 256) and eigenvalue weight (0, 0.5, 1) serves the rival best: the Spearman difference is positive in every seed, the "
            + "signature beating the frequency-stratified null.",
            Experiment(LanguageModelScale.Cpu),
            "Spearman(embedding cosine, next-token signature cosine) - max over ranks r and weights p of Spearman(embedding cosine, centred PPMI-SVD cosine of U_r S_r^p), "
            + "untied model, top-1024 tokens; PPMI with context smoothing 0.75; every metric at the best rank and per-block differences in the details",
            new Tolerance(Bound.AtLeast, 0, "Limit 0 stated before the centred rival was measured: 'better than the best rank'. Against the sweep of "
                + "ranks 16, 64, 256 at p = 0.5 (before issue 27) the difference was 0.031 to 0.094 over training seeds 0-4. Against the hyperwords sweep "
                + "(ranks 2-256, p in 0, 0.5, 1), measured over training seeds 0-4: -0.079, -0.071, -0.051, -0.105, -0.059 (mean -0.073); seed 0: "
                + "signature 0.447 against the centred PPMI-SVD at rank 4, p = 1, 0.526."),
            DefaultSeeds)
        {
            Expected = Verdict.Refuted,
            ExpectedReason = "measured with the full hyperwords sweep (issue 27): every 95% token-bootstrap interval of the difference lies below 0 in "
                + "training seeds 0-4 (seed 0 -0.079 [-0.110, -0.046], seed 2, the closest, -0.051 [-0.087, -0.013]): a low-rank PPMI-SVD of the same "
                + "offset-1 pairs (rank 4, vectors U S) ranks the embedding's cosines better than the full next-token signature",
            Null = StratifiedNull("the signature cosine"),
            Difference = new DifferenceTest("Spearman against the next-token signature minus Spearman against the centred PPMI-SVD at the rank and weight best on the full sample (held fixed)"),
            Baselines = [LanguageModelRivals.StatedPpmi(ContextSides.Next)],
        },
            PpmiRivalClaim.Measure),
        Make(scale, new(
            "C20",
            "strong pairs agree beyond what the overall correlation implies",
            "(The paper: 'particularly in capturing strong pairwise similarities'.) The strongest 1% of the untied embedding's pairs and of the next-token "
            + "signature's pairs overlap more than the overall rank correlation alone implies: precision@1% at least 1.25 times that of a bivariate normal "
            + "with the same Spearman, in every seed, beating the frequency-stratified null of the precision.",
            Experiment(LanguageModelScale.Cpu),
            "precision@1%(embedding cosine, next-token signature cosine) / precision@1% of a bivariate normal with the same Spearman (Pearson 2 sin(pi rho_s / 6)), "
            + "top-1024 tokens; mean over seeds; the unembedding against the previous-token signature in the details",
            new Tolerance(Bound.AtLeast, 1.25, "Limit 1.25 stated before measurement: 5,238 strong pairs give a precision near 0.1 a sampling sd of about 4% of "
                + $"itself, so 1.25 is several sd above 'no more than the correlation implies' (ratio 1). Measured over training seeds 0-4: 1.420, 1.735, 1.349, "
                + "1.531, 1.314 (mean 1.470); seed 0: precision@1% 0.160 against 0.113 for the bivariate normal of Spearman 0.447, stratified null of the precision "
                + "0.011 (p = 0.005); the unembedding against the previous-token signature 2.66."),
            DefaultSeeds)
        {
            Null = StratifiedNull("the signature cosine (precision@1%)"),
        },
            StrongPairClaim.Measure),
        Make(scale, new(
            "C21",
            "tied embeddings follow the previous-token signature more than the next-token one",
            "A finding of the first C13 runs (seeds 0-2, all training documents: the tied embedding's Spearman against the previous-token signature exceeded "
            + "that against the next-token signature by 0.21 to 0.26), written down before it was run on fresh seeds: in the tied model on training seeds "
            + "5-9, Spearman(tied embedding, previous-token signature) - Spearman(tied embedding, next-token signature) is at least 0.10 in every seed, the "
            + "previous-token Spearman beating the frequency-stratified null.",
            Experiment(LanguageModelScale.Cpu.ForSeed(FreshSeeds[0])),
            "Spearman(tied embedding cosine, previous-token signature cosine) - Spearman(tied embedding cosine, next-token signature cosine), top-1024 tokens; "
            + "mean over seeds",
            new Tolerance(Bound.AtLeast, 0.10, "Limit 0.10 kept from the finding's first statement (less than half the smallest gap it was read off). Measured "
                + "on the fresh training seeds 5-9: 0.191, 0.172, 0.139, 0.147, 0.266 (mean 0.183): confirmed. Seed 5: previous 0.438 (stratified null 0.027, "
                + "p = 0.005), next 0.247; rivals of the tied embedding, mean over seeds: frequency 0.285, untrained 0.070; seed 5: the centred PPMI-SVD of the previous side at the best of its sweep (rank 8, p = 1) 0.533."),
            FreshSeeds)
        {
            Null = StratifiedNull("the previous-token signature cosine"),
            Difference = new DifferenceTest("Spearman against the previous-token signature minus Spearman against the next-token signature"),
            Baselines = LanguageModelRivals.Stated(ContextSides.Previous),
        },
            TiedPreviousTokenClaim.Measure),
        AgreementOverTraining(scale),
    ];

    /// <summary>C22's prediction about the shape of the curve, beside its tolerance.</summary>
    private static Claim AgreementOverTraining(ClaimScale scale) => Make(scale, new(
            "C22",
            "agreement with the signature grows over training from the null",
            "(The paper's reviewers asked for the metrics over training steps; THEORY 3.1's small-initialisation picture predicts the shape.) Over one "
            + "training run, at step 0 and at 8 evenly spaced steps to the last, the untied embedding's Spearman with the next-token signature starts "
            + "inside the frequency-stratified null band (premise: within 3 null sds at step 0), never falls by more than 0.02 from one point to the "
            + "next, and ends beating the null.",
            Experiment(LanguageModelScale.Cpu),
            "the largest fall of Spearman(embedding cosine, next-token signature cosine) between consecutive curve points (0 when it never falls), per seed; "
            + "mean over seeds; every point, its null band (19 draws within the frequency strata) and the unembedding against the previous-token signature in the details",
            new Tolerance(Bound.AtMost, 0.02, "Limit 0.02 stated before measurement: the agreement grows or holds, with room for a small dip between two "
                + "points of one run (C9's headline moves by up to 0.02 across CPU kernels). "
                + "Measured over training seeds 0-4: 0, 0.0027, 0, 0, 0 (mean 0.0005); seed 0 at steps 0, 50, ..., 400: 0.001, 0.027, 0.342, 0.398, 0.425, "
                + "0.435, 0.439, 0.444, 0.447 (step 0 within 2.4 null sds in every seed); the unembedding against the previous-token signature rises likewise, "
                + "later (0.043 at step 50, 0.344 at 150)."),
            DefaultSeeds)
        {
            Null = StratifiedNull("the signature cosine at the last point"),
        },
            AgreementOverTrainingClaim.Measure);

    /// <summary>What is trained and measured, shared by every LM claim: the corpus and the model
    /// pair as records, and the training details the records take from the scale and the trainer.</summary>
    internal static ExperimentPlan Experiment(LanguageModelScale s)
    {
        var t = LanguageModelTraining.Config(s);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new([new LmCorpus(s), new LmModelPair(s)],
                $"models trained on {1 - s.HeldOutFraction:P0} of the training genres' documents (Brown's informative prose: {string.Join(", ", GenreSplit.Training)}, "
                + "about 0.94 M tokens; or the named subsets of a Pile file given with verify --corpus); "
                + string.Create(inv, $"AdamW lr {t.LearningRate} ({t.WarmupSteps} warm-up steps, cosine to {t.MinLearningRateRatio} of it), betas {t.Beta1}/{t.Beta2}, ")
                + string.Create(inv, $"weight decay {t.WeightDecay} on matrices, clip {t.GradientClip}, float32 CPU; ")
                + "observed = cosine of mean-centred rows; signatures centred by their pair-weighted mean row; "
                + $"null = {s.Permutations} token-identity permutations within {s.FrequencyStrata} frequency strata; Kendall's tau is reported with "
                + $"{s.KendallPermutations} permutations and never asserted");
    }
}
