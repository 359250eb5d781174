using ProbSig.Empirics.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Checkpoints.HuggingFace;

/// <summary>
/// Qwen2 / Qwen2.5 checkpoints in the Hugging Face layout (config.json plus safetensors
/// weights named as transformers' Qwen2ForCausalLM names them), read into and written
/// from <see cref="Qwen2ForCausalLM"/>. Folders written here open in transformers with
/// <c>AutoModelForCausalLM.from_pretrained(dir)</c>.
/// </summary>
public static class Qwen2Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";

    /// <summary>The model settings of <paramref name="dir"/>/config.json (DType: its torch_dtype).</summary>
    /// <exception cref="CheckpointException">Missing or unusable config.json; the message names the field.</exception>
    public static Qwen2Config ReadConfig(string dir)
    {
        if (!Directory.Exists(dir)) throw new CheckpointException(dir, "no such checkpoint folder");
        return Qwen2ConfigJson.Read(Path.Combine(dir, ConfigFile));
    }

    /// <summary>
    /// Loads the model in <paramref name="dir"/>. Every header is checked against
    /// config.json before any weight is read: each expected tensor present, with the
    /// shape config.json implies and a float dtype (F32, F16 or BF16; converted exactly
    /// to <paramref name="dtype"/> where that is wider), and no other tensor, except a
    /// lm_head.weight equal to the embedding in a tied model (transformers sometimes saves one).
    /// </summary>
    /// <param name="dir">The checkpoint folder.</param>
    /// <param name="device">"cpu", "cuda" or "cuda:N".</param>
    /// <param name="dtype">Parameter type of the loaded model.</param>
    /// <exception cref="CheckpointException">The folder, a file or a tensor is wrong; the message names it.</exception>
    public static Qwen2ForCausalLM Load(string dir, string device = "cpu", ScalarType dtype = ScalarType.Float32)
    {
        Runtime.TorchRuntime.Initialise();
        var config = ReadConfig(dir) with { DType = dtype, Device = device };
        var weights = SafeTensorsWeights.Open(dir);
        var expected = Qwen2Layout.Expected(config);
        CheckHeaders(config, weights, expected);

        Qwen2ForCausalLM model;
        try
        {
            model = new Qwen2ForCausalLM(config);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(dir, e.Message, e);
        }
        try
        {
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
            if (!parameters.Keys.Order(StringComparer.Ordinal).SequenceEqual(expected.Select(e => e.Name).Order(StringComparer.Ordinal)))
                throw new InvalidOperationException("Qwen2ForCausalLM's parameter names differ from the transformers layout in Qwen2Layout");
            using (torch.no_grad())
            {
                foreach (var (name, _) in expected)
                {
                    using var loaded = Read(weights.ByTensor[name], name, dtype);
                    parameters[name].copy_(loaded);
                }
            }
            if (config.TieWordEmbeddings && weights.ByTensor.TryGetValue(Qwen2Layout.LmHead, out var headFile))
                CheckTiedHead(weights, headFile);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="dir"/> as config.json and
    /// model.safetensors (with lm_head.weight only when untied), atomically: the files are
    /// written into a sibling DIR.tmp-* folder and renamed in when complete, config.json last.
    /// Other files in <paramref name="dir"/> are left alone.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="dir">Destination folder; created if absent (its parent must exist).</param>
    /// <param name="storeAs">Float32, BFloat16 or Float16; null keeps the model's own type.</param>
    /// <exception cref="CheckpointException">The destination cannot be written.</exception>
    /// <exception cref="ArgumentException"><paramref name="storeAs"/> is not a checkpoint dtype.</exception>
    public static void Save(Qwen2ForCausalLM model, string dir, ScalarType? storeAs = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stored = storeAs ?? model.Config.DType;
        Qwen2ConfigJson.DTypeName(stored);   // throws for a type a checkpoint does not store
        var full = Path.GetFullPath(dir.TrimEnd('/', '\\'));
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) throw new CheckpointException(dir, $"the parent folder {parent} does not exist");
        if (File.Exists(full)) throw new CheckpointException(dir, "is a file; a checkpoint is a folder");

        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(tmp);
        try
        {
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var tensors = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(stored));
                SafeTensorsFile.Write(Path.Combine(tmp, SafeTensorsWeights.SingleFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            }
            Qwen2ConfigJson.Write(model.Config, stored, Path.Combine(tmp, ConfigFile));
            Directory.CreateDirectory(full);
            // Weights first, config.json last: a folder with a config.json is complete.
            foreach (var name in new[] { SafeTensorsWeights.SingleFile, ConfigFile })
                File.Move(Path.Combine(tmp, name), Path.Combine(full, name), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(dir, $"cannot be written ({e.Message})", e);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    private static void CheckHeaders(Qwen2Config config, SafeTensorsWeights weights, IReadOnlyList<(string Name, long[] Shape)> expected)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape) in expected)
        {
            names.Add(name);
            if (!weights.ByTensor.TryGetValue(name, out var header))
                throw new CheckpointException(weights.Description, $"tensor '{name}' is missing (config.json implies shape {SafeTensorsHeader.FormatShape(shape)})");
            CheckEntry(header, header[name], shape);
        }
        foreach (var (name, header) in weights.ByTensor)
        {
            if (names.Contains(name)) continue;
            if (name == Qwen2Layout.LmHead && config.TieWordEmbeddings)
            {
                CheckEntry(header, header[name], [config.VocabSize, config.HiddenSize]);
                continue;
            }
            throw new CheckpointException(header.File, $"tensor '{name}' is not part of a Qwen2 model with this config.json" +
                (name == Qwen2Layout.LmHead ? " (tie_word_embeddings is true, yet lm_head.weight differs in shape)" : ""));
        }
    }

    private static void CheckEntry(SafeTensorsHeader header, SafeTensorsEntry entry, long[] shape)
    {
        if (entry.DType is not ("F32" or "F16" or "BF16"))
            throw new CheckpointException(header.File, $"tensor '{entry.Name}' has dtype {entry.DType}; Qwen2 weights must be F32, F16 or BF16");
        if (!entry.Shape.SequenceEqual(shape))
            throw new CheckpointException(header.File, $"tensor '{entry.Name}' has shape {entry.ShapeText} but config.json implies {SafeTensorsHeader.FormatShape(shape)}");
    }

    private static void CheckTiedHead(SafeTensorsWeights weights, SafeTensorsHeader headFile)
    {
        using var head = Read(headFile, Qwen2Layout.LmHead, ScalarType.Float32);
        using var embedding = Read(weights.ByTensor[Qwen2Layout.Embedding], Qwen2Layout.Embedding, ScalarType.Float32);
        if (!head.equal(embedding).all().item<bool>())
            throw new CheckpointException(headFile.File, $"tensor '{Qwen2Layout.LmHead}' differs from '{Qwen2Layout.Embedding}', but config.json says tie_word_embeddings is true");
    }

    private static Tensor Read(SafeTensorsHeader header, string name, ScalarType dtype)
    {
        try
        {
            return SafeTensorsFile.ReadTensor(header, name, dtype);
        }
        catch (SafeTensorsException e)
        {
            throw new CheckpointException(e.File, e.Problem, e);
        }
    }
}
