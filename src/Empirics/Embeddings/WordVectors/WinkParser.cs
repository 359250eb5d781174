using System.Text.Json;

namespace ProbSig.Empirics.Embeddings.WordVectors;

/// <summary>
/// The token-by-token state of a <see cref="WinkJson"/> read: which part of the document the
/// last token was in, kept here rather than in the call stack so that reading can stop at the
/// end of any chunk and resume with the next. Values other than "dimensions", "size" and
/// "vectors" are skipped token by token (their nesting depth remembered), never materialized.
/// </summary>
internal sealed class WinkParser(string path)
{
    private enum Part { Start, TopLevel, TopValue, Skipping, Vectors, VectorStart, VectorValues, Done }

    private Part part = Part.Start;
    private string property = "";
    private int skipDepth;
    private int dimension;
    private float[] values = [];
    private readonly List<string> words = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private string word = "";
    private bool duplicate;
    private int count;

    public bool Done => part == Part.Done;

    /// <summary>The "size" field, or -1 where it is absent (or comes after "vectors").</summary>
    public long Size { get; private set; } = -1;

    public long VectorsRead { get; private set; }
    public long Duplicates { get; private set; }
    public string? FirstDuplicate { get; private set; }

    /// <summary>Where the reader was, for a truncation message.</summary>
    public string Where => part switch
    {
        Part.VectorStart or Part.VectorValues => $"the vector of '{word}' (row {words.Count})",
        Part.Vectors => $"\"vectors\" after {words.Count} rows",
        Part.Start => "nothing (no JSON object)",
        _ => $"the top-level object (after \"{property}\")",
    };

    public void Token(ref Utf8JsonReader reader)
    {
        var type = reader.TokenType;
        switch (part)
        {
            case Part.Start:
                if (type != JsonTokenType.StartObject) throw Error($"expected a JSON object, found {type}");
                part = Part.TopLevel;
                break;
            case Part.TopLevel:
                if (type == JsonTokenType.EndObject) { part = Part.Done; break; }
                property = reader.GetString()!;
                part = Part.TopValue;
                break;
            case Part.TopValue:
                TopValue(ref reader, type);
                break;
            case Part.Skipping:
                if ((type is JsonTokenType.EndArray or JsonTokenType.EndObject) && reader.CurrentDepth == skipDepth) part = Part.TopLevel;
                break;
            case Part.Vectors:
                if (type == JsonTokenType.EndObject) { part = Part.TopLevel; break; }
                word = reader.GetString()!;
                part = Part.VectorStart;
                break;
            case Part.VectorStart:
                if (type != JsonTokenType.StartArray) throw Error($"the vector of '{word}' is {type}, not an array");
                duplicate = seen.Contains(word);
                count = 0;
                part = Part.VectorValues;
                break;
            case Part.VectorValues:
                if (type == JsonTokenType.EndArray) { EndVector(); break; }
                Value(ref reader, type);
                break;
        }
    }

    private void TopValue(ref Utf8JsonReader reader, JsonTokenType type)
    {
        part = Part.TopLevel;
        switch (property)
        {
            case "dimensions":
                if (type != JsonTokenType.Number || !reader.TryGetInt32(out dimension) || dimension < 1)
                    throw Error("\"dimensions\" is not a positive integer");
                return;
            case "size":
                if (type != JsonTokenType.Number || !reader.TryGetInt64(out var size) || size < 0)
                    throw Error("\"size\" is not a non-negative integer");
                if (words.Count == 0) Size = size;
                return;
            case "vectors":
                if (type != JsonTokenType.StartObject) throw Error($"\"vectors\" is {type}, not an object");
                if (dimension == 0) throw Error("no \"dimensions\" before \"vectors\"");
                if (VectorsRead > 0) throw Error("a second \"vectors\" object");
                var rows = Size > 0 ? Size : 1024;
                values = new float[(int)Math.Min(Array.MaxLength, rows * dimension)];
                part = Part.Vectors;
                return;
        }
        if (type is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            skipDepth = reader.CurrentDepth;
            part = Part.Skipping;
        }
    }

    private void Value(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (count < dimension)
        {
            var row = words.Count;
            if (!duplicate)
            {
                if (count == 0) EnsureRoom((long)(row + 1) * dimension);
                if (type != JsonTokenType.Number || !DecimalFloat.TryParse(reader.ValueSpan, out values[row * dimension + count]))
                    throw Error($"value {count} of the vector of '{word}' is not a float");
            }
        }
        else if (type != JsonTokenType.Number)
            throw Error($"value {count} of the vector of '{word}' is not a number");
        count++;
    }

    private void EndVector()
    {
        if (count != dimension + 2)
            throw Error($"the vector of '{word}' has {count} numbers, expected {dimension + 2} (dimensions {dimension}, then its l2 norm and index)");
        VectorsRead++;
        part = Part.Vectors;
        if (duplicate)
        {
            if (Duplicates++ == 0) FirstDuplicate = word;
            return;
        }
        seen.Add(word);
        words.Add(word);
    }

    public EmbeddingTable Finish()
    {
        if (dimension == 0) throw Error("missing \"dimensions\"");
        if (words.Count == 0) throw Error("no \"vectors\" (or an empty one)");
        var length = words.Count * dimension;
        if (values.Length != length) Array.Resize(ref values, length);
        return new EmbeddingTable(path, words, dimension, values);
    }

    private void EnsureRoom(long needed)
    {
        if (needed <= values.Length) return;
        if (needed > Array.MaxLength) throw Error($"more than {Array.MaxLength} values; too large for one table");
        Array.Resize(ref values, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * values.Length)));
    }

    private EmbeddingException Error(string what) => new($"{path}: {what}");
}
