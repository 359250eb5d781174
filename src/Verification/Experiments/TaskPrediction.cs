using System.Collections.Concurrent;

namespace ProbSig.Verification.Experiments;

/// <summary>
/// What THEORY predicts from a composite addition task alone, before anything is trained:
/// its exact population seen as a bag of tokens (counts: the models sum token embeddings,
/// and (k, A1, A1) repeats a token), every signature, and the closed-form linear flow
/// driven by A. Data only, so each task's prediction is built once per process.
/// </summary>
public sealed class TaskPrediction
{
    private static readonly ConcurrentDictionary<CompositeAdditionConfig, Lazy<TaskPrediction>> Built = new();

    private TaskPrediction(CompositeAdditionConfig config)
    {
        Config = config;
        Task = CompositeAdditionTask.Create(config);
        Population = Task.Population;
        Features = FeatureMap.Counts(Task.VocabularySize);
        Signatures = SignatureSet.Compute(Population, Features);
        Flow = new LinearFlow(Signatures.A);
        Tokens = Enumerable.Range(0, Signatures.FeatureCount).Where(Signatures.IsDefined).ToArray();
        Keys = Task.KeyTokens.ToArray();
        Agreement = new SignatureAgreement(Signatures, Tokens);
    }

    /// <summary>The prediction of <paramref name="config"/> (built on first request).</summary>
    public static TaskPrediction Of(CompositeAdditionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Built.GetOrAdd(config, c => new Lazy<TaskPrediction>(() => new TaskPrediction(c))).Value;
    }

    /// <summary>The default task's prediction (THEORY 5).</summary>
    public static TaskPrediction Default => Of(new CompositeAdditionConfig());

    /// <summary>The task's parameters.</summary>
    public CompositeAdditionConfig Config { get; }

    /// <summary>The task.</summary>
    public CompositeAdditionTask Task { get; }

    /// <summary>Its exact population (every combination with its probability).</summary>
    public Population Population { get; }

    /// <summary>Bag-of-tokens counts.</summary>
    public FeatureMap Features { get; }

    /// <summary>Every signature of the task.</summary>
    public SignatureSet Signatures { get; }

    /// <summary>The closed-form linear flow driven by A (THEORY 3.1).</summary>
    public LinearFlow Flow { get; }

    /// <summary>Tokens with a defined signature (keys and anchors that occur).</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>Key token ids (a number's id is its value).</summary>
    public IReadOnlyList<int> Keys { get; }

    /// <summary>R_cos over <see cref="Tokens"/>: Pearson of observed and centred label-signature cosine.</summary>
    public SignatureAgreement Agreement { get; }
}
