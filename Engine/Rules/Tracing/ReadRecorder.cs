using PolicyEngine.Engine.Rules.Expressions;

namespace PolicyEngine.Engine.Rules.Tracing;

/// <summary>One input value a rule read while it was evaluated: a fact, a metric, a parameter or a global param.</summary>
public sealed record InputRead(string Name, object? Value);

/// <summary>The value of a parameter or global param for one case, with what computing it read.</summary>
internal sealed record ScopedValue(string Name, object? Value, IReadOnlyList<InputRead> Reads, IReadOnlyList<string> MissingInputs);

/// <summary>
/// Records the reads of one traced expression while it runs. Traced expressions call
/// <see cref="Read{T}"/> around every input value and <see cref="Scoped{T}"/> for every
/// parameter or global param, so only the reads that evaluation reached are recorded.
/// </summary>
public sealed class ReadRecorder
{
    private readonly IReadOnlyList<ScopedValue> _scope;
    private readonly List<InputRead> _reads = [];
    private readonly List<string> _missing = [];
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);

    internal ReadRecorder(IReadOnlyList<ScopedValue> scope)
    {
        _scope = scope;
    }

    internal IReadOnlyList<InputRead> Reads => _reads;

    /// <summary>Inputs that were null where the expression did not check for null.</summary>
    internal IReadOnlyList<string> MissingInputs => _missing;

    /// <summary>
    /// Records a read of an input. <paramref name="isNullCheck"/> marks the operand of a null
    /// check, after which null reads of that input are deliberate; a null read before any check
    /// is a missing input.
    /// </summary>
    public T Read<T>(string name, bool isNullCheck, T value)
    {
        Add(new InputRead(name, Present(value)));
        if (isNullCheck)
        {
            _checked.Add(name);
        }
        else if (value is null && !_checked.Contains(name) && !_missing.Contains(name))
        {
            _missing.Add(name);
        }

        return value;
    }

    public T Scoped<T>(int index)
    {
        var scoped = _scope[index];
        foreach (var read in scoped.Reads)
        {
            Add(read);
        }

        Add(new InputRead(scoped.Name, Present(scoped.Value)));
        foreach (string missing in scoped.MissingInputs.Where(m => !_missing.Contains(m)))
        {
            _missing.Add(missing);
        }

        return scoped.Value is null ? default! : (T)scoped.Value;
    }

    /// <summary>Adds a read unless one of the same name is already recorded: each input is reported once.</summary>
    private void Add(InputRead read)
    {
        if (!_reads.Exists(r => r.Name == read.Name))
        {
            _reads.Add(read);
        }
    }

    /// <summary>Returns the value as it is shown in explanations: enums by name, everything else as it is.</summary>
    private static object? Present<T>(T value) => value is Enum e ? e.ToString() : value;
}
