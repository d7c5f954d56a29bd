// Posts the page's form marked data-auto-submit as soon as it loads (its button does the same by hand).
{
  const form = document.querySelector('form[data-auto-submit]');
  if (form) form.submit();
}
