using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ProbSig.Empirics.Embeddings.Onnx;

/// <summary>
/// One float32 matrix stored as an initializer (a trained weight) of an ONNX model, read
/// without an inference runtime: the file is parsed as the ModelProto protobuf with
/// OnnxSharp's generated types and the one tensor is copied out. A BERT encoder's word-piece
/// table is such an initializer ("embeddings.word_embeddings.weight").
/// </summary>
/// <param name="Name">The initializer's name.</param>
/// <param name="Rows">First dimension.</param>
/// <param name="Columns">Second dimension.</param>
/// <param name="Values">Rows x Columns values, row-major (ONNX's order).</param>
public sealed record OnnxInitializer(string Name, int Rows, int Columns, float[] Values)
{
    /// <summary>Names listed when the asked initializer is missing.</summary>
    private const int NamesListed = 10;

    /// <summary>Reads the 2-D float32 initializer <paramref name="name"/> from <paramref name="onnxPath"/>.</summary>
    /// <exception cref="EmbeddingException">The file is missing, is not an ONNX model, has no
    /// initializer of that name, or the initializer is not a 2-D float32 tensor held in the file.</exception>
    public static OnnxInitializer Read(string onnxPath, string name)
    {
        ArgumentNullException.ThrowIfNull(onnxPath);
        ArgumentNullException.ThrowIfNull(name);
        var model = ReadModel(onnxPath);
        var tensor = model.Graph.Initializer.FirstOrDefault(t => t.Name == name);
        if (tensor is null)
        {
            var present = model.Graph.Initializer.Where(IsFloatMatrix).Select(t => $"'{t.Name}' ({string.Join(" x ", t.Dims)})").ToList();
            var listed = present.Count == 0 ? "it has no 2-D float32 initializers"
                : $"its 2-D float32 initializers include {string.Join(", ", present.Take(NamesListed))}{(present.Count > NamesListed ? $" and {present.Count - NamesListed} more" : "")}";
            throw new EmbeddingException($"{onnxPath}: no initializer named '{name}'; {listed}");
        }
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new EmbeddingException($"{onnxPath}: initializer '{name}' holds {DataTypeName(tensor.DataType)}, not float32");
        if (tensor.Dims.Count != 2)
            throw new EmbeddingException($"{onnxPath}: initializer '{name}' has shape [{string.Join(", ", tensor.Dims)}], not 2-D");
        if (tensor.Dims.Any(d => d < 1 || d > int.MaxValue) || tensor.Dims[0] * tensor.Dims[1] > Array.MaxLength)
            throw new EmbeddingException($"{onnxPath}: initializer '{name}' has shape [{string.Join(", ", tensor.Dims)}], which is empty or too large to hold");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new EmbeddingException($"{onnxPath}: initializer '{name}' keeps its values in an external data file, which is not read here");
        int rows = (int)tensor.Dims[0], columns = (int)tensor.Dims[1];
        return new OnnxInitializer(name, rows, columns, CopyValues(onnxPath, tensor, rows * columns));
    }

    private static ModelProto ReadModel(string onnxPath)
    {
        if (!File.Exists(onnxPath)) throw new EmbeddingException($"{onnxPath}: no such file");
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(onnxPath);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new EmbeddingException($"{onnxPath}: not an ONNX model, or a damaged one ({e.Message})", e);
        }
        // Protobuf accepts many byte strings as messages with unknown fields only; an ONNX
        // model names its IR version and has a graph.
        if (model.IrVersion <= 0 || model.Graph is null)
            throw new EmbeddingException($"{onnxPath}: not an ONNX model (no IR version or no graph)");
        return model;
    }

    private static float[] CopyValues(string onnxPath, TensorProto tensor, int count)
    {
        var values = new float[count];
        if (!tensor.RawData.IsEmpty)
        {
            var raw = tensor.RawData.Span;
            if (raw.Length != (long)count * sizeof(float))
                throw new EmbeddingException($"{onnxPath}: initializer '{tensor.Name}' holds {raw.Length} bytes of raw data, not the {(long)count * sizeof(float)} its shape needs");
            if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            else for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }
        else
        {
            if (tensor.FloatData.Count != count)
                throw new EmbeddingException($"{onnxPath}: initializer '{tensor.Name}' holds {tensor.FloatData.Count} values, not the {count} its shape needs");
            tensor.FloatData.CopyTo(values, 0);
        }
        return values;
    }

    private static bool IsFloatMatrix(TensorProto t) => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 2;

    private static string DataTypeName(int dataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType) ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant() : $"data type {dataType}";
}
