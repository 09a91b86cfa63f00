// Which parts of a page the content script reads: exactly the shared visible-text rules the CLI
// uses (lib/text/visible.ts), so the page and `supplens annotate` agree on what is text.
export {
  BLOCK_TAGS,
  BREAK_TAGS,
  isBlockElement,
  isBreakElement,
  isFurnitureElement,
  isSkippedElement,
  OWN_UI_ATTRIBUTE,
  type RuleElement,
  SKIP_TAGS,
} from '../../lib/text/visible';
