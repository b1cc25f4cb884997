import type { ThemeJson } from './themeJson';

/**
 * Two small themes of our own, close to VS Code's Dark+ and Light+, for when the user's theme cannot
 * be read. Only the scopes that matter most in code are given a color.
 */
export const DARK: ThemeJson = {
  name: 'Dark (built in)',
  type: 'dark',
  colors: {
    'editor.background': '#1E1E1E',
    'editor.foreground': '#D4D4D4',
    'editorLineNumber.foreground': '#858585',
  },
  tokenColors: [
    { scope: ['comment', 'punctuation.definition.comment'], settings: { foreground: '#6A9955' } },
    { scope: ['string', 'string.quoted', 'string.template', 'punctuation.definition.string'], settings: { foreground: '#CE9178' } },
    { scope: ['constant.numeric', 'constant.language.boolean'], settings: { foreground: '#B5CEA8' } },
    { scope: ['constant.language', 'storage', 'storage.type', 'storage.modifier', 'keyword.operator.new', 'variable.language'], settings: { foreground: '#569CD6' } },
    { scope: ['keyword', 'keyword.control'], settings: { foreground: '#C586C0' } },
    { scope: ['keyword.operator'], settings: { foreground: '#D4D4D4' } },
    { scope: ['entity.name.function', 'support.function'], settings: { foreground: '#DCDCAA' } },
    { scope: ['entity.name.type', 'entity.name.class', 'support.class', 'support.type', 'entity.other.inherited-class'], settings: { foreground: '#4EC9B0' } },
    { scope: ['variable', 'variable.parameter', 'meta.definition.variable.name', 'support.variable'], settings: { foreground: '#9CDCFE' } },
    { scope: ['variable.other.constant', 'variable.other.enummember'], settings: { foreground: '#4FC1FF' } },
    { scope: ['entity.name.tag'], settings: { foreground: '#569CD6' } },
    { scope: ['entity.other.attribute-name'], settings: { foreground: '#9CDCFE' } },
    { scope: ['string.regexp'], settings: { foreground: '#D16969' } },
    { scope: ['markup.heading'], settings: { foreground: '#569CD6', fontStyle: 'bold' } },
    { scope: ['markup.bold'], settings: { fontStyle: 'bold' } },
    { scope: ['markup.italic'], settings: { fontStyle: 'italic' } },
    { scope: ['invalid'], settings: { foreground: '#F44747' } },
  ],
};

export const LIGHT: ThemeJson = {
  name: 'Light (built in)',
  type: 'light',
  colors: {
    'editor.background': '#FFFFFF',
    'editor.foreground': '#000000',
    'editorLineNumber.foreground': '#237893',
  },
  tokenColors: [
    { scope: ['comment', 'punctuation.definition.comment'], settings: { foreground: '#008000' } },
    { scope: ['string', 'string.quoted', 'string.template', 'punctuation.definition.string'], settings: { foreground: '#A31515' } },
    { scope: ['constant.numeric', 'constant.language.boolean'], settings: { foreground: '#098658' } },
    { scope: ['constant.language', 'storage', 'storage.type', 'storage.modifier', 'keyword.operator.new', 'variable.language'], settings: { foreground: '#0000FF' } },
    { scope: ['keyword', 'keyword.control'], settings: { foreground: '#AF00DB' } },
    { scope: ['keyword.operator'], settings: { foreground: '#000000' } },
    { scope: ['entity.name.function', 'support.function'], settings: { foreground: '#795E26' } },
    { scope: ['entity.name.type', 'entity.name.class', 'support.class', 'support.type', 'entity.other.inherited-class'], settings: { foreground: '#267F99' } },
    { scope: ['variable', 'variable.parameter', 'meta.definition.variable.name', 'support.variable'], settings: { foreground: '#001080' } },
    { scope: ['variable.other.constant', 'variable.other.enummember'], settings: { foreground: '#0070C1' } },
    { scope: ['entity.name.tag'], settings: { foreground: '#800000' } },
    { scope: ['entity.other.attribute-name'], settings: { foreground: '#E50000' } },
    { scope: ['string.regexp'], settings: { foreground: '#811F3F' } },
    { scope: ['markup.heading'], settings: { foreground: '#800000', fontStyle: 'bold' } },
    { scope: ['markup.bold'], settings: { fontStyle: 'bold' } },
    { scope: ['markup.italic'], settings: { fontStyle: 'italic' } },
    { scope: ['invalid'], settings: { foreground: '#CD3131' } },
  ],
};
