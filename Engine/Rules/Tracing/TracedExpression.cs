using System.Linq.Expressions;
using System.Reflection;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules.Expressions;

namespace PolicyEngine.Engine.Rules.Tracing;

/// <summary>
/// A checked expression rebuilt so that it reports what it reads: each value read from
/// <c>facts</c> or <c>evidence</c>, and each parameter or global param, passes through a
/// <see cref="ReadRecorder"/>. The logic is the tree RulesEngine's parser produced, unchanged,
/// so short-circuiting operators skip the same reads as in RulesEngine.
/// </summary>
internal sealed class TracedExpression
{
    private readonly Func<CaseFile, EvidenceFacts, ReadRecorder, object?> _evaluate;

    private TracedExpression(Func<CaseFile, EvidenceFacts, ReadRecorder, object?> evaluate)
    {
        _evaluate = evaluate;
    }

    /// <summary>
    /// Builds the traced form of <paramref name="body"/>. <paramref name="parameters"/> starts with
    /// facts and evidence; the others are the scoped names, in the order of the scope array.
    /// </summary>
    public static TracedExpression Build(Expression body, IReadOnlyList<ParameterExpression> parameters)
    {
        var facts = parameters[0];
        var evidence = parameters[1];
        var recorder = Expression.Parameter(typeof(ReadRecorder), "recorder");
        var checkOperands = NullCheckFinder.Find(body);
        var rewriter = new Rewriter(recorder, parameters.Skip(2).ToList(), checkOperands);
        var traced = rewriter.Visit(body)!;
        var lambda = Expression.Lambda<Func<CaseFile, EvidenceFacts, ReadRecorder, object?>>(
            Expression.Convert(traced, typeof(object)), facts, evidence, recorder);
        return new TracedExpression(lambda.Compile());
    }

    public object? Evaluate(CaseFile facts, EvidenceFacts evidence, ReadRecorder recorder) => _evaluate(facts, evidence, recorder);

    /// <summary>
    /// Returns the name of an input value such as <c>facts.Developer.DeclaredAccuracy</c>, or null
    /// when <paramref name="node"/> is not a chain of members from facts or evidence that ends on a value.
    /// </summary>
    internal static string? InputName(Expression node)
    {
        if (node is not MemberExpression { Member: PropertyInfo } member || InputTypes.Records.Contains(node.Type))
        {
            return null;
        }

        var names = new Stack<string>();
        Expression? current = member;
        while (current is MemberExpression { Member: PropertyInfo property } step && step.Expression is not null
            && InputTypes.Records.Contains(step.Expression.Type))
        {
            names.Push(property.Name);
            current = step.Expression;
        }

        if (current is not ParameterExpression { Name: LiabilityEngine.FactsParameter or LiabilityEngine.EvidenceParameter } root)
        {
            return null;
        }

        names.Push(root.Name!);
        return string.Join('.', names);
    }

    private sealed class Rewriter(
        ParameterExpression recorder,
        IReadOnlyList<ParameterExpression> scoped,
        IReadOnlySet<Expression> checkOperands) : ExpressionVisitor
    {
        private static readonly MethodInfo ReadMethod = typeof(ReadRecorder).GetMethod(nameof(ReadRecorder.Read))!;
        private static readonly MethodInfo ScopedMethod = typeof(ReadRecorder).GetMethod(nameof(ReadRecorder.Scoped))!;

        protected override Expression VisitMember(MemberExpression node)
        {
            if (InputName(node) is { } name)
            {
                return Expression.Call(
                    recorder, ReadMethod.MakeGenericMethod(node.Type), Expression.Constant(name), Expression.Constant(checkOperands.Contains(node)), node);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            int index = IndexOf(node);
            return index < 0 ? node : Expression.Call(recorder, ScopedMethod.MakeGenericMethod(node.Type), Expression.Constant(index));
        }

        private int IndexOf(ParameterExpression node)
        {
            for (int i = 0; i < scoped.Count; i++)
            {
                if (scoped[i] == node)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// Finds the reads that are the operand of a null check (<c>x == null</c>, <c>x != null</c>,
    /// <c>x ?? y</c>, <c>x.HasValue</c>, <c>x.GetValueOrDefault()</c>). When such a read runs, the
    /// recorder notes the input as checked, so a later null read of it is deliberate, but a read
    /// that runs before any check is not.
    /// </summary>
    private sealed class NullCheckFinder : ExpressionVisitor
    {
        private readonly HashSet<Expression> _operands = new(ReferenceEqualityComparer.Instance);

        /// <summary>Returns the input reads that are themselves the operand of a null check, compared by reference.</summary>
        public static IReadOnlySet<Expression> Find(Expression body)
        {
            var finder = new NullCheckFinder();
            finder.Visit(body);
            return finder._operands;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Coalesce)
            {
                Note(node.Left);
            }
            else if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
            {
                if (IsNull(node.Right))
                {
                    Note(node.Left);
                }

                if (IsNull(node.Left))
                {
                    Note(node.Right);
                }
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member.Name == "HasValue" && node.Expression is not null)
            {
                Note(node.Expression);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == "GetValueOrDefault" && node.Object is not null)
            {
                Note(node.Object);
            }

            return base.VisitMethodCall(node);
        }

        private void Note(Expression operand)
        {
            var inner = Conversions.Strip(operand);
            if (InputName(inner) is not null)
            {
                _operands.Add(inner);
            }
        }

        private static bool IsNull(Expression node) => Conversions.Strip(node) is ConstantExpression { Value: null };
    }
}
