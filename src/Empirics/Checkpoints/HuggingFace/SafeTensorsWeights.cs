using System.Text.Json;

namespace ProbSig.Empirics.Checkpoints.HuggingFace;

/// <summary>
/// The safetensors weights of a Hugging Face folder, headers only: model.safetensors, or
/// the shards that model.safetensors.index.json names (the single file wins where both
/// exist, as in transformers). Every tensor is located in exactly one file.
/// </summary>
public sealed class SafeTensorsWeights
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private SafeTensorsWeights(Dictionary<string, SafeTensorsHeader> byTensor, string description)
    {
        ByTensor = byTensor;
        Description = description;
    }

    /// <summary>Each tensor's file header, by tensor name.</summary>
    public IReadOnlyDictionary<string, SafeTensorsHeader> ByTensor { get; }

    /// <summary>The file, or the index and its shard count, for messages.</summary>
    public string Description { get; }

    /// <summary>Reads and checks the headers of the weight files of <paramref name="dir"/>.</summary>
    /// <exception cref="CheckpointException">No weights, a missing or malformed shard or index, named.</exception>
    public static SafeTensorsWeights Open(string dir)
    {
        var single = Path.Combine(dir, SingleFile);
        var index = Path.Combine(dir, IndexFile);
        if (File.Exists(single))
        {
            var header = Header(single);
            return new SafeTensorsWeights(header.Tensors.Keys.ToDictionary(n => n, _ => header, StringComparer.Ordinal), single);
        }
        if (File.Exists(index)) return OpenSharded(dir, index);
        var other = new[] { "pytorch_model.bin", "model.pt", "pytorch_model.bin.index.json" }.FirstOrDefault(f => File.Exists(Path.Combine(dir, f)));
        throw new CheckpointException(dir, $"no {SingleFile} or {IndexFile}" +
            (other is null ? "" : $" ({other} is there, but only safetensors weights are read)"));
    }

    private static SafeTensorsWeights OpenSharded(string dir, string index)
    {
        var weightMap = ReadWeightMap(index);
        var headers = new Dictionary<string, SafeTensorsHeader>(StringComparer.Ordinal);
        foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (shard.Contains('/') || shard.Contains('\\') || shard is "." or "..")
                throw new CheckpointException(index, $"shard '{shard}' is not a file name in the checkpoint folder");
            var path = Path.Combine(dir, shard);
            if (!File.Exists(path))
                throw new CheckpointException(path, $"missing: {IndexFile} names this shard but the file is not in the folder");
            headers[shard] = Header(path);
        }
        var byTensor = new Dictionary<string, SafeTensorsHeader>(StringComparer.Ordinal);
        foreach (var (shard, header) in headers)
            foreach (var name in header.Tensors.Keys)
            {
                if (byTensor.TryGetValue(name, out var first))
                    throw new CheckpointException(header.File, $"tensor '{name}' is also in {first.File}; a tensor must be in one shard only");
                byTensor[name] = header;
            }
        foreach (var (name, shard) in weightMap)
        {
            if (!headers[shard].Tensors.ContainsKey(name))
                throw new CheckpointException(headers[shard].File, $"tensor '{name}' is missing: {IndexFile} places it in this shard");
        }
        return new SafeTensorsWeights(byTensor, $"{index} ({headers.Count} shards)");
    }

    private static Dictionary<string, string> ReadWeightMap(string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new CheckpointException(index, "has no weight_map object");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in map.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String)
                    throw new CheckpointException(index, $"weight_map entry '{p.Name}' is {p.Value.GetRawText()}, not a shard file name");
                result[p.Name] = p.Value.GetString()!;
            }
            if (result.Count == 0) throw new CheckpointException(index, "weight_map is empty");
            return result;
        }
        catch (JsonException e)
        {
            throw new CheckpointException(index, $"not valid JSON ({e.Message})", e);
        }
    }

    private static SafeTensorsHeader Header(string path)
    {
        try
        {
            return SafeTensorsFile.ReadHeader(path);
        }
        catch (SafeTensorsException e)
        {
            throw new CheckpointException(e.File, e.Problem, e);
        }
    }
}
