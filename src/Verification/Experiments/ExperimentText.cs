using System.Globalization;

namespace ProbSig.Verification.Experiments;

/// <summary>
/// The report's words for the parts of an experiment, generated from the records so that
/// a setting ("init std 1e-3", "eta = 2, 3000 steps") is written in one place, its
/// definition, and the prose cannot drift from what runs.
/// </summary>
public static class ExperimentText
{
    private static readonly CompositeAdditionConfig DefaultTask = new();

    /// <summary>The feature map every task experiment uses.</summary>
    public const string Features = "counts";

    /// <summary>"default composite addition task", or what differs from it
    /// ("composite addition task with anchor values +5, +3, -2, -8").</summary>
    public static string Task(CompositeAdditionConfig task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Equals(DefaultTask)) return "default composite addition task";
        var changes = new List<string>();
        if (task.Numbers != DefaultTask.Numbers) changes.Add($"numbers 0..{task.Numbers - 1}");
        if (task.KeyMin != DefaultTask.KeyMin || task.KeyMax != DefaultTask.KeyMax) changes.Add($"keys {task.KeyMin}..{task.KeyMax}");
        if (!task.AnchorValues.SequenceEqual(DefaultTask.AnchorValues))
            changes.Add("anchor values " + string.Join(", ", task.AnchorValues.Select(v => v.ToString("+0;-0;0", CultureInfo.InvariantCulture))));
        if (task.AnchorPositions != DefaultTask.AnchorPositions) changes.Add($"{task.AnchorPositions} anchor positions");
        if (task.KeyWeights is not null) changes.Add("non-uniform key weights");
        if (task.AnchorWeight is not null) changes.Add("non-uniform anchor weights");
        if (task.Label != DefaultTask.Label) changes.Add($"label rule {task.Label}");
        foreach (var o in task.Overrides)
            changes.Add($"override ({string.Join(", ", o.AnchorIndices.Select(i => "A" + (i + 1)))}) -> k {o.Offset.ToString("+0;-0;+0", CultureInfo.InvariantCulture)}");
        if (task.HeldOut.Count > 0) changes.Add($"{task.HeldOut.Count} held-out combinations");
        return "composite addition task with " + string.Join(", ", changes);
    }

    /// <summary>"linear model d = 64, init std 1e-3, float64".</summary>
    public static string Model(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var inv = CultureInfo.InvariantCulture;
        string shape = model.Kind switch
        {
            ModelKind.Linear => "linear model",
            ModelKind.EmbeddingMlp => $"{model.Activation.Name} embedding MLP",
            _ => $"{model.Activation.Name} hidden-layer MLP",
        };
        string widths = model.Kind == ModelKind.HiddenLayerMlp ? $"d = {model.Width}, m = {model.HiddenWidth}" : $"d = {model.Width}";
        string init = model.InitStd is { } std ? $"init std {std.ToString("G4", inv)}" : $"init std d^-{model.Gamma?.ToString("G4", inv)}";
        return $"{shape} {widths}, {init}{(model.Tied ? ", tied" : "")}, {model.DType.ToString().ToLowerInvariant()}";
    }

    /// <summary>"full-batch gradient descent eta = 2, 3000 steps".</summary>
    public static string Training(TrainingConfig training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var inv = CultureInfo.InvariantCulture;
        string batch = training.BatchSize is int b ? $"minibatch {b}" : "full-batch";
        string optimiser = training.Optimiser switch
        {
            Optimiser.GradientDescent => $"gradient descent eta = {training.LearningRate.ToString("G4", inv)}",
            Optimiser.AdamW => $"AdamW lr {training.LearningRate.ToString("G4", inv)}" + (training.WeightDecay != 0 ? $", weight decay {training.WeightDecay.ToString("G4", inv)}" : ""),
            _ => $"{training.Optimiser} lr {training.LearningRate.ToString("G4", inv)}",
        };
        return $"{batch} {optimiser}, {training.Steps} steps";
    }
}
