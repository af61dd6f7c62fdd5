public enum ConvScopeApp {}
