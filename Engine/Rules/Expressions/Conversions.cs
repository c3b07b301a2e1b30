using System.Linq.Expressions;

namespace PolicyEngine.Engine.Rules.Expressions;

/// <summary>Helpers for the conversions System.Linq.Dynamic.Core inserts around operands.</summary>
internal static class Conversions
{
    /// <summary>Returns the operand under any Convert nodes, such as the read under <c>(double?)x</c>.</summary>
    public static Expression Strip(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            node = convert.Operand;
        }

        return node;
    }
}
