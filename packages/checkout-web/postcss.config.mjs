// Tailwind CSS v4 (the design system in packages/ui).
export default { plugins: { '@tailwindcss/postcss': {} } };
