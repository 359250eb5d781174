using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// trainer_state.json: the step a checkpoint was taken at, the full training settings, the
/// tokenizer and data it trained on, and the curve so far. With the model weights and the
/// optimiser moments this is everything a resumed run needs (the batches follow from the
/// seed and the step, so no generator state is saved).
/// </summary>
public sealed record LmTrainerState
{
    /// <summary>Format version, for readers of old checkpoints.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Updates taken.</summary>
    public required int Step { get; init; }

    /// <summary>The training settings of the run.</summary>
    public required LmTrainingConfig Config { get; init; }

    /// <summary>Seed of the batch draws (also in Config; repeated for readers).</summary>
    public required long Seed { get; init; }

    /// <summary>The tokenizer's name.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>Training documents and tokens (checked on resume: other data would not continue the same run).</summary>
    public required int TrainingDocuments { get; init; }

    /// <summary>Total training tokens.</summary>
    public required long TrainingTokens { get; init; }

    /// <summary>Held-out documents.</summary>
    public required int HeldOutDocuments { get; init; }

    /// <summary>Wall time spent so far.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>The curve so far.</summary>
    public required IReadOnlyList<LmCurvePoint> Curve { get; init; }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the state as JSON.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");

    /// <summary>Reads a state written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">Not a trainer state; the message names the file.</exception>
    public static LmTrainerState Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LmTrainerState>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path}: empty trainer state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a trainer state ({e.Message})", e);
        }
    }
}
