using System.Text;
using System.Text.Json;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Reads and writes byte-level BPE files: Hugging Face tokenizer.json, or the GPT-2 pair
/// vocab.json + merges.txt. Every problem is a <see cref="TokenizerFileException"/> naming
/// the file and what is wrong with it.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>
    /// Loads a tokenizer from a path: a tokenizer.json, a vocab.json (with merges.txt
    /// beside it), or a folder holding either. vocab.json + merges.txt carry no
    /// pre-tokenizer, so they get Qwen's regex and NFC (what <see cref="BpeTrainer"/> uses).
    /// </summary>
    public static ByteLevelBpeTokenizer Load(string path)
    {
        if (Directory.Exists(path))
        {
            var json = Path.Combine(path, "tokenizer.json");
            if (File.Exists(json)) return LoadTokenizerJson(json);
            var vocab = Path.Combine(path, "vocab.json");
            if (File.Exists(vocab)) return LoadVocabAndMerges(vocab, Path.Combine(path, "merges.txt"));
            throw new TokenizerFileException(path, "the folder holds neither tokenizer.json nor vocab.json + merges.txt");
        }
        if (!File.Exists(path)) throw new TokenizerFileException(path, "no such file or folder");
        if (Path.GetFileName(path).Equals("vocab.json", StringComparison.OrdinalIgnoreCase))
            return LoadVocabAndMerges(path, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "merges.txt"));
        if (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            return LoadVocabAndMerges(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "vocab.json"), path);
        return LoadTokenizerJson(path);
    }

    /// <summary>Loads a Hugging Face tokenizer.json whose model is a byte-level BPE.</summary>
    public static ByteLevelBpeTokenizer LoadTokenizerJson(string file)
    {
        using var doc = ParseJson(file);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new TokenizerFileException(file, "not a tokenizer.json: no \"model\" object");
        var type = model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not null && type != "BPE")
            throw new TokenizerFileException(file, $"model type is \"{type}\"; only byte-level BPE is supported");
        if (!model.TryGetProperty("vocab", out var vocabElement))
            throw new TokenizerFileException(file, "the model has no \"vocab\"");
        if (!model.TryGetProperty("merges", out var mergesElement) || mergesElement.ValueKind != JsonValueKind.Array)
            throw new TokenizerFileException(file, "the model has no \"merges\" array");
        var vocab = ReadVocabulary(file, vocabElement);
        var merges = new List<(string, string)>(mergesElement.GetArrayLength());
        int index = 0;
        foreach (var m in mergesElement.EnumerateArray())
        {
            index++;
            // Newer files store merges as ["a", "b"], older ones as "a b".
            if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
                && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                merges.Add((m[0].GetString()!, m[1].GetString()!));
            else if (m.ValueKind == JsonValueKind.String)
                merges.Add(SplitMerge(file, $"merge {index}", m.GetString()!));
            else
                throw new TokenizerFileException(file, $"merge {index} is neither \"a b\" nor [\"a\", \"b\"]");
        }

        var special = new Dictionary<string, int>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in added.EnumerateArray())
            {
                if (!a.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.String || !a.TryGetProperty("id", out var i) || i.ValueKind != JsonValueKind.Number || !i.TryGetInt32(out var id))
                    throw new TokenizerFileException(file, "an added_tokens entry lacks a string \"content\" or an integer \"id\"");
                // An added token that is also a regular token needs no special handling.
                if (!vocab.ContainsKey(c.GetString()!)) special[c.GetString()!] = id;
            }
        }
        var (pattern, nfc) = ReadPipeline(file, root);
        return Build(file, vocab, merges, special, pattern, nfc);
    }

    /// <summary>Loads the GPT-2 pair vocab.json + merges.txt, with Qwen's regex and NFC.</summary>
    public static ByteLevelBpeTokenizer LoadVocabAndMerges(string vocabFile, string mergesFile)
    {
        if (!File.Exists(vocabFile)) throw new TokenizerFileException(vocabFile, "no such file (vocab.json goes with merges.txt)");
        if (!File.Exists(mergesFile)) throw new TokenizerFileException(mergesFile, "no such file (merges.txt goes with vocab.json)");
        Dictionary<string, int> vocab;
        using (var doc = ParseJson(vocabFile)) vocab = ReadVocabulary(vocabFile, doc.RootElement);
        var merges = new List<(string, string)>();
        int lineNumber = 0;
        foreach (var line in ReadLines(mergesFile))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            merges.Add(SplitMerge(mergesFile, $"line {lineNumber}", line));
        }
        return Build(mergesFile, vocab, merges, new Dictionary<string, int>(), PreTokenization.Qwen, nfc: true, vocabFile);
    }

    /// <summary>Writes vocab.json and merges.txt into <paramref name="folder"/>.</summary>
    public static void Save(ByteLevelBpeTokenizer tokenizer, string folder)
    {
        Directory.CreateDirectory(folder);
        using (var stream = File.Create(Path.Combine(folder, "vocab.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (token, id) in tokenizer.Vocabulary.OrderBy(kv => kv.Value)) json.WriteNumber(token, id);
            json.WriteEndObject();
        }
        using var merges = new StreamWriter(Path.Combine(folder, "merges.txt"), false, new UTF8Encoding(false)) { NewLine = "\n" };
        merges.WriteLine("#version: 0.2");
        foreach (var (left, right) in tokenizer.Merges) merges.WriteLine($"{left} {right}");
    }

    /// <summary>Checks and builds; a vocabulary problem names <paramref name="vocabFile"/>, a merge problem <paramref name="file"/> (the same file for tokenizer.json).</summary>
    private static ByteLevelBpeTokenizer Build(string file, Dictionary<string, int> vocab, List<(string, string)> merges,
        Dictionary<string, int> special, string pattern, bool nfc, string? vocabFile = null)
    {
        vocabFile ??= file;
        foreach (var c in ByteLevelAlphabet.ByteToChar)
            if (!vocab.ContainsKey(c.ToString()))
                throw new TokenizerFileException(vocabFile, $"not a byte-level BPE: the vocabulary lacks the byte token '{c}' (U+{(int)c:X4})");
        var ids = new HashSet<int>();
        foreach (var (token, id) in vocab.Concat(special))
            if (!ids.Add(id)) throw new TokenizerFileException(vocabFile, $"id {id} is given to more than one token (one is '{token}')");
        for (int i = 0; i < merges.Count; i++)
        {
            var (left, right) = merges[i];
            if (!vocab.ContainsKey(left) || !vocab.ContainsKey(right) || !vocab.ContainsKey(left + right))
                throw new TokenizerFileException(file, $"merge {i + 1} '{left} {right}' uses or makes a token that is not in the vocabulary");
        }
        try
        {
            return new ByteLevelBpeTokenizer(vocab, merges, special, pattern, nfc);
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFileException(file, $"not a usable BPE ({e.Message})", e);
        }
    }

    private static (string Pattern, bool Nfc) ReadPipeline(string file, JsonElement root)
    {
        bool nfc = false;
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            var type = n.TryGetProperty("type", out var nt) ? nt.GetString() : null;
            nfc = type switch
            {
                "NFC" => true,
                _ => throw new TokenizerFileException(file, $"normalizer \"{type}\" is not supported (only NFC or none)"),
            };
        }
        string? pattern = null;
        if (root.TryGetProperty("pre_tokenizer", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var steps = p.TryGetProperty("pretokenizers", out var seq) && seq.ValueKind == JsonValueKind.Array ? seq.EnumerateArray().ToList() : [p];
            foreach (var step in steps)
            {
                var type = step.TryGetProperty("type", out var st) ? st.GetString() : null;
                if (type == "Split" && step.TryGetProperty("pattern", out var pat) && pat.TryGetProperty("Regex", out var regex))
                    pattern = regex.GetString();
                else if (type == "ByteLevel")
                {
                    if (!step.TryGetProperty("use_regex", out var ur) || ur.ValueKind != JsonValueKind.False) pattern ??= PreTokenization.Gpt2;
                    if (step.TryGetProperty("add_prefix_space", out var aps) && aps.ValueKind == JsonValueKind.True)
                        throw new TokenizerFileException(file, "ByteLevel add_prefix_space true is not supported");
                }
                else
                    throw new TokenizerFileException(file, $"pre-tokenizer step \"{type}\" is not supported (Split with a regex, and ByteLevel, are)");
            }
        }
        if (pattern is null) throw new TokenizerFileException(file, "no pre-tokenizer regex (a Split regex or a ByteLevel pre-tokenizer with use_regex) was found");
        try
        {
            _ = PreTokenization.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFileException(file, $"the pre-tokenizer regex does not compile ({e.Message})", e);
        }
        return (pattern, nfc);
    }

    private static Dictionary<string, int> ReadVocabulary(string file, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TokenizerFileException(file, "the vocabulary is not a JSON object of token to id");
        var vocab = new Dictionary<string, int>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var id) || id < 0)
                throw new TokenizerFileException(file, $"token '{property.Name}' has id {property.Value.GetRawText()}, not a non-negative integer");
            if (!vocab.TryAdd(property.Name, id))
                throw new TokenizerFileException(file, $"token '{property.Name}' appears twice");
        }
        if (vocab.Count == 0) throw new TokenizerFileException(file, "the vocabulary is empty");
        return vocab;
    }

    private static (string, string) SplitMerge(string file, string where, string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new TokenizerFileException(file, $"{where} '{line}' is not two tokens separated by one space");
        return (parts[0], parts[1]);
    }

    private static JsonDocument ParseJson(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFileException(file, $"not valid JSON ({e.Message})", e);
        }
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        string text;
        try
        {
            text = File.ReadAllText(file, strict);
        }
        catch (DecoderFallbackException e)
        {
            throw new TokenizerFileException(file, "not valid UTF-8", e);
        }
        return text.Split('\n').Select(l => l.TrimEnd('\r'));
    }
}
